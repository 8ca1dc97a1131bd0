/** The agents table: name (links to the agent page), team, phase, Ready, age, and a Delete button where allowed. */
import type { JSX } from 'preact';
import { useCan } from '../../api/can';
import { objectKey } from '../../api/fold';
import { pages } from '../../api/paths';
import { RelativeAge } from '../../components/RelativeAge';
import { Table, type Column } from '../../components/Table';
import { namespaceLabel, type NamespaceOption } from './namespaces';
import type { Agent } from './types';

function DeleteButton({ agent, onDelete }: { readonly agent: Agent; readonly onDelete: (a: Agent) => void }) {
  const allowed = useCan('delete', 'agents.orgplane.io', agent.metadata.namespace ?? '');
  if (allowed !== true) return null;
  return (
    <button
      type="button"
      class="danger"
      aria-label={`Delete ${agent.metadata.name}`}
      onClick={() => {
        onDelete(agent);
      }}
    >
      Delete
    </button>
  );
}

const ready = (a: Agent): string => {
  const c = a.status?.conditions?.find((x) => x.type === 'Ready');
  if (!c) return '-';
  return c.status === 'True' ? 'True' : `${c.status}${c.reason ? ` (${c.reason})` : ''}`;
};

export interface AgentsTableProps {
  readonly org: string;
  readonly agents: readonly Agent[];
  readonly namespaces: readonly NamespaceOption[];
  readonly onDelete: (a: Agent) => void;
}

export function AgentsTable({ org, agents, namespaces, onDelete }: AgentsTableProps): JSX.Element {
  const columns: readonly Column<Agent>[] = [
    {
      header: 'Name',
      cell: (a) => (
        <a href={pages.agent(org, a.metadata.namespace ?? '', a.metadata.name)}>{a.metadata.name}</a>
      ),
    },
    { header: 'Team', cell: (a) => namespaceLabel(namespaces, a.metadata.namespace) },
    { header: 'Model', cell: (a) => a.spec?.model ?? '-' },
    { header: 'Phase', cell: (a) => <span class="status">{a.status?.phase ?? 'Pending'}</span> },
    { header: 'Ready', cell: ready },
    { header: 'Age', cell: (a) => <RelativeAge timestamp={a.metadata.creationTimestamp} /> },
    { header: 'Actions', cell: (a) => <DeleteButton agent={a} onDelete={onDelete} /> },
  ];
  return (
    <Table
      caption={`Agents (${String(agents.length)})`}
      columns={columns}
      rows={agents}
      rowKey={objectKey}
      empty={<p>No agents match.</p>}
    />
  );
}
