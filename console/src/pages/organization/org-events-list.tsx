/** The Organization's Events (core v1, in its namespace), live by their watch, newest first. */
import type { JSX } from 'preact';
import { useLiveList } from '../../api/live';
import { EVENTS, resourcePath } from '../../api/paths';
import { ErrorBanner } from '../../components/ErrorBanner';
import { RelativeAge } from '../../components/RelativeAge';
import { Table } from '../../components/Table';
import { eventTime, newestFirst, orgEventSelector } from './org-events';
import type { CoreEvent } from './org-types';

export function OrgEvents({ org }: { readonly org: string }): JSX.Element {
  const { items, error, loading } = useLiveList<CoreEvent>(resourcePath(EVENTS, { namespace: org }), {
    fieldSelector: orgEventSelector(org),
  });
  if (loading) return <p role="status">Loading events…</p>;
  return (
    <>
      <ErrorBanner error={error} />
      <Table
        caption="Events of the organization, newest first"
        rows={newestFirst(items, org)}
        rowKey={(e) => e.metadata.name}
        pageSize={20}
        empty={<p class="muted">No events about this organization.</p>}
        columns={[
          { header: 'Reason', cell: (e) => e.reason ?? '' },
          { header: 'Type', cell: (e) => e.type ?? '' },
          { header: 'Message', cell: (e) => e.message ?? '' },
          { header: 'Count', cell: (e) => String(e.count ?? 1) },
          { header: 'Last seen', cell: (e) => <RelativeAge timestamp={eventTime(e) || undefined} /> },
        ]}
      />
    </>
  );
}
