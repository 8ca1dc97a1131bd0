/** An agent's Events (involvedObject.kind=Agent and its name), live, newest first. */
import type { JSX } from 'preact';
import { useMemo } from 'preact/hooks';
import { useLiveList } from '../../api/live';
import { EVENTS, resourcePath } from '../../api/paths';
import { objectKey } from '../../api/fold';
import { ErrorBanner } from '../../components/ErrorBanner';
import { RelativeAge } from '../../components/RelativeAge';
import { Table, type Column } from '../../components/Table';
import type { KubeEvent } from './types';

const when = (e: KubeEvent): string => e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? '';

const columns: readonly Column<KubeEvent>[] = [
  { header: 'Reason', cell: (e) => e.reason ?? '-' },
  { header: 'Type', cell: (e) => e.type ?? '-' },
  { header: 'Message', cell: (e) => e.message ?? '' },
  { header: 'Count', cell: (e) => String(e.count ?? 1) },
  { header: 'Last seen', cell: (e) => <RelativeAge timestamp={when(e) || undefined} /> },
];

export function AgentEvents({
  namespace,
  name,
}: {
  readonly namespace: string;
  readonly name: string;
}): JSX.Element {
  const { items, error, loading } = useLiveList<KubeEvent>(resourcePath(EVENTS, { namespace }), {
    fieldSelector: `involvedObject.kind=Agent,involvedObject.name=${name}`,
  });
  const rows = useMemo(
    () => [...items].sort((a, b) => (when(a) < when(b) ? 1 : when(a) > when(b) ? -1 : 0)),
    [items],
  );
  return (
    <>
      <ErrorBanner error={error} />
      {loading ? (
        <p role="status">Loading events…</p>
      ) : (
        <Table
          caption="Events"
          columns={columns}
          rows={rows}
          rowKey={objectKey}
          pageSize={20}
          empty={<p class="muted">No events.</p>}
        />
      )}
    </>
  );
}
