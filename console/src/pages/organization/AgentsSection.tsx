/**
 * The organization's Agents tab: ONE cross-namespace list of agents (the server answers only the
 * namespaces the caller may list), kept live by its watch and narrowed to the organization's
 * namespaces; a label selector (sent to the server) and a team (filtered here); paged by Table.
 * Create and Delete appear only where a SelfSubjectAccessReview allows them.
 */
import type { JSX } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { useCan } from '../../api/can';
import { useLiveList } from '../../api/live';
import { AGENTS, resourcePath } from '../../api/paths';
import { ErrorBanner } from '../../components/ErrorBanner';
import { AgentsTable } from '../agents/AgentsTable';
import { CreateAgent } from '../agents/CreateAgent';
import { DeleteAgent } from '../agents/DeleteAgent';
import { inNamespaces } from '../agents/namespaces';
import { NamespaceSelect } from '../agents/NamespaceSelect';
import type { Agent } from '../agents/types';
import { useOrgNamespaces } from '../agents/useOrgNamespaces';
import type { SectionProps } from './section';

export function AgentsSection({ org }: SectionProps): JSX.Element {
  const { namespaces, error: teamsError } = useOrgNamespaces(org);
  const [selectorText, setSelectorText] = useState('');
  const [selector, setSelector] = useState('');
  const [team, setTeam] = useState('');
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Agent | undefined>(undefined);
  const [notice, setNotice] = useState('');
  const list = useLiveList<Agent>(resourcePath(AGENTS), selector === '' ? {} : { labelSelector: selector });
  const rows = useMemo(() => inNamespaces(list.items, namespaces, team), [list.items, namespaces, team]);
  const canCreate = useCan('create', 'agents.orgplane.io', team === '' ? org : team);

  return (
    <div class="agents">
      <div class="toolbar">
        <form
          class="filter"
          role="search"
          aria-label="Filter agents"
          onSubmit={(e) => {
            e.preventDefault();
            setSelector(selectorText.trim());
          }}
        >
          <span class="field">
            <label for="agents-selector">Label selector</label>
            <input
              id="agents-selector"
              value={selectorText}
              placeholder="app=web,tier!=test"
              onInput={(e) => {
                setSelectorText(e.currentTarget.value);
              }}
            />
          </span>
          <button type="submit">Filter</button>
          <NamespaceSelect
            id="agents-team"
            label="Team"
            all
            namespaces={namespaces}
            value={team}
            onChange={setTeam}
          />
        </form>
        {canCreate === true && !creating && (
          <button
            type="button"
            onClick={() => {
              setCreating(true);
              setNotice('');
            }}
          >
            Create agent
          </button>
        )}
      </div>
      <p role="status" class="notice-line">
        {notice}
      </p>
      {creating && (
        <CreateAgent
          namespaces={namespaces}
          namespace={team === '' ? org : team}
          onCreated={(name) => {
            setCreating(false);
            setNotice(`Agent ${name} created.`);
          }}
          onCancel={() => {
            setCreating(false);
          }}
        />
      )}
      {deleting && (
        <DeleteAgent
          agent={deleting}
          onDone={(deleted) => {
            if (deleted) setNotice(`Agent ${deleting.metadata.name} deleted.`);
            setDeleting(undefined);
          }}
        />
      )}
      <ErrorBanner error={list.error ?? teamsError} />
      {list.loading ? (
        <p role="status">Loading agents…</p>
      ) : (
        <AgentsTable org={org} agents={rows} namespaces={namespaces} onDelete={setDeleting} />
      )}
    </div>
  );
}
