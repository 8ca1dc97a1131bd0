/** One agent, live: spec and status, conditions, its Events and its YAML. */
import type { JSX } from 'preact';
import { useLiveObject } from '../api/live';
import { AGENTS, pages, resourcePath } from '../api/paths';
import { ConditionList } from '../components/ConditionList';
import { ErrorBanner } from '../components/ErrorBanner';
import { AgentEvents } from './agents/AgentEvents';
import { AgentSpec } from './agents/AgentSpec';
import { AgentYaml } from './agents/AgentYaml';
import type { Agent } from './agents/types';

export function AgentPage(props: {
  readonly name?: string;
  readonly ns?: string;
  readonly agent?: string;
}): JSX.Element {
  const org = props.name ?? '';
  const ns = props.ns ?? '';
  const name = props.agent ?? '';
  const { object, error, loading, notFound } = useLiveObject<Agent>(
    resourcePath(AGENTS, { namespace: ns }),
    name,
  );
  return (
    <section aria-labelledby="agent-heading" class="agent-page">
      <p class="breadcrumb">
        <a href={`${pages.organization(org)}?tab=agents`}>Agents of {org}</a>
      </p>
      <h1 id="agent-heading">Agent {name}</h1>
      <p class="muted">In namespace {ns}</p>
      <ErrorBanner error={error} />
      {loading && <p role="status">Loading agent…</p>}
      {notFound && (
        <p role="status">
          There is no agent {name} in {ns} (it may have been deleted).
        </p>
      )}
      {object && (
        <>
          <section aria-labelledby="agent-spec-heading">
            <h2 id="agent-spec-heading">Spec and status</h2>
            <AgentSpec agent={object} />
          </section>
          <section aria-labelledby="agent-conditions-heading">
            <h2 id="agent-conditions-heading">Conditions</h2>
            <div class="table-wrap">
              <ConditionList conditions={object.status?.conditions} />
            </div>
          </section>
          <section aria-labelledby="agent-events-heading">
            <h2 id="agent-events-heading">Events</h2>
            <AgentEvents namespace={ns} name={name} />
          </section>
          <section aria-labelledby="agent-yaml-heading">
            <h2 id="agent-yaml-heading">YAML</h2>
            <AgentYaml object={object} />
          </section>
        </>
      )}
    </section>
  );
}
