/** The Secrets table: name, team, type, key names (never values), age, and "Set value" where allowed. */
import type { JSX } from 'preact';
import { useCan } from '../../api/can';
import { RelativeAge } from '../../components/RelativeAge';
import { Table, type Column } from '../../components/Table';
import { namespaceLabel, type NamespaceOption } from './namespaces';
import type { SecretRow } from './secret-data';

function SetValueButton({ row, onSet }: { readonly row: SecretRow; readonly onSet: (r: SecretRow) => void }) {
  const allowed = useCan('patch', 'secrets', row.namespace);
  if (allowed !== true) return null;
  return (
    <button
      type="button"
      aria-label={`Set value of ${row.name}`}
      onClick={() => {
        onSet(row);
      }}
    >
      Set value
    </button>
  );
}

export interface SecretsTableProps {
  readonly rows: readonly SecretRow[];
  readonly namespaces: readonly NamespaceOption[];
  readonly onSet: (r: SecretRow) => void;
}

export function SecretsTable({ rows, namespaces, onSet }: SecretsTableProps): JSX.Element {
  const columns: readonly Column<SecretRow>[] = [
    { header: 'Name', cell: (r) => r.name },
    { header: 'Team', cell: (r) => namespaceLabel(namespaces, r.namespace) },
    { header: 'Type', cell: (r) => r.type },
    {
      header: 'Keys',
      cell: (r) =>
        r.keys.length === 0 ? <span class="muted">none</span> : r.keys.map((k) => <code key={k}>{k} </code>),
    },
    { header: 'Age', cell: (r) => <RelativeAge timestamp={r.creationTimestamp} /> },
    { header: 'Actions', cell: (r) => <SetValueButton row={r} onSet={onSet} /> },
  ];
  return (
    <Table
      caption={`Secrets (${String(rows.length)})`}
      columns={columns}
      rows={rows}
      rowKey={(r) => `${r.namespace}/${r.name}`}
      empty={<p>No Secrets you may read.</p>}
    />
  );
}
