/**
 * The Organization every part of its page reads, kept live by ONE shared list-then-watch (see
 * org-shared.ts): the header and the open tab share it.
 */
import { useEffect, useState } from 'preact/hooks';
import type { LiveObject } from '../../api/live';
import { ORGANIZATIONS, resourcePath } from '../../api/paths';
import { reflect, type Reflection } from '../../api/watch';
import { SharedFeeds } from './org-shared';
import type { OrgObject } from './org-types';

const NONE: Reflection<OrgObject> = { items: [], error: undefined, listed: false };

const organizations = new SharedFeeds<Reflection<OrgObject>>((org, signal, publish) => {
  void reflect<OrgObject>(
    resourcePath(ORGANIZATIONS),
    { fieldSelector: `metadata.name=${org}` },
    signal,
    publish,
  );
}, NONE);

export function useOrganization(org: string): LiveObject<OrgObject> {
  const [state, setState] = useState(() => organizations.current(org));
  useEffect(() => organizations.subscribe(org, setState), [org]);
  const object = state.items.find((o) => o.metadata.name === org);
  const loading = !state.listed && !state.error;
  return { object, error: state.error, loading, notFound: !loading && !state.error && object === undefined };
}
