/**
 * The organizations the viewer may see: ONE tenant-filtered list of organizations.orgplane.io
 * (the server answers only those the user is bound in), kept live by its watch, with status, plan
 * and a usage bar per quota.
 */
import type { JSX } from 'preact';
import { useLiveList } from '../api/live';
import { ORGANIZATIONS, pages, resourcePath } from '../api/paths';
import type { Organization } from '../api/types';
import { ErrorBanner } from '../components/ErrorBanner';
import { RelativeAge } from '../components/RelativeAge';
import { Table, type Column } from '../components/Table';
import { UsageBar } from '../components/UsageBar';
import { organizationStatus, quotaUses } from './organization-status';

const columns: readonly Column<Organization>[] = [
  {
    header: 'Name',
    cell: (o) => (
      <>
        <a href={pages.organization(o.metadata.name)}>{o.metadata.name}</a>
        {o.spec?.displayName && <span class="subtle"> {o.spec.displayName}</span>}
      </>
    ),
  },
  { header: 'Status', cell: (o) => <span class="status">{organizationStatus(o)}</span> },
  { header: 'Plan', cell: (o) => o.spec?.plan ?? '-' },
  {
    header: 'Usage',
    cell: (o) => {
      const uses = quotaUses(o);
      if (uses.length === 0) return <span class="muted">No quota</span>;
      return (
        <div class="usage-list">
          {uses.map((u) => (
            <UsageBar key={u.key} label={u.key} used={u.used} max={u.max} />
          ))}
        </div>
      );
    },
  },
  { header: 'Age', cell: (o) => <RelativeAge timestamp={o.metadata.creationTimestamp} /> },
];

export function OrganizationsPage(): JSX.Element {
  const { items, error, loading } = useLiveList<Organization>(resourcePath(ORGANIZATIONS));
  return (
    <section aria-labelledby="organizations-heading">
      <h1 id="organizations-heading">Organizations</h1>
      <ErrorBanner error={error} />
      {loading ? (
        <p role="status">Loading organizations…</p>
      ) : (
        <Table
          caption="Organizations you can see"
          columns={columns}
          rows={items}
          rowKey={(o) => o.metadata.name}
          empty={<p>You are not a member of any organization.</p>}
        />
      )}
    </section>
  );
}
