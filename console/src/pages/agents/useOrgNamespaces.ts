/** The organization's namespaces (its own and its teams'), live from its Team objects. */
import { useMemo } from 'preact/hooks';
import { useLiveList } from '../../api/live';
import { resourcePath, TEAMS } from '../../api/paths';
import type { ApiRequestError } from '../../api/errors';
import { orgNamespaces, type NamespaceOption } from './namespaces';
import type { Team } from './types';

export function useOrgNamespaces(org: string): {
  readonly namespaces: readonly NamespaceOption[];
  readonly error: ApiRequestError | undefined;
} {
  const teams = useLiveList<Team>(resourcePath(TEAMS, { namespace: org }));
  const namespaces = useMemo(() => orgNamespaces(org, teams.items), [org, teams.items]);
  return { namespaces, error: teams.error };
}
