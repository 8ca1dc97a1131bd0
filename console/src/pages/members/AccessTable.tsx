/** Who has which role where, and why (read-only; see access.ts). */
import type { JSX } from 'preact';
import { Table, type Column } from '../../components/Table';
import type { AccessRow } from './access';

const key = (r: AccessRow): string =>
  [r.kind, r.member, r.role, r.namespace, r.binding.namespace, r.binding.name, r.group ?? ''].join('|');

const columns: readonly Column<AccessRow>[] = [
  {
    header: 'Member',
    cell: (r) => (
      <>
        {r.member} <span class="subtle">({r.kind})</span>
      </>
    ),
  },
  { header: 'Role', cell: (r) => r.role },
  { header: 'Namespace', cell: (r) => <code>{r.namespace}</code> },
  { header: 'Why', cell: (r) => <span class={`access-reason`}>{r.reason}</span> },
  {
    header: 'Binding',
    cell: (r) => (
      <code>
        {r.binding.namespace}/{r.binding.name}
      </code>
    ),
  },
];

export function AccessTable({ rows }: { readonly rows: readonly AccessRow[] }): JSX.Element {
  return (
    <Table
      caption="Who has which role where"
      columns={columns}
      rows={rows}
      rowKey={key}
      empty={<p>No member has a role in this organization yet.</p>}
    />
  );
}
