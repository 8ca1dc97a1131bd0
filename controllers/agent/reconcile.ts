/**
 * The agent controller: an Agent's status.phase (Pending until its Organization is Active and
 * every Secret and ConfigMap key its spec.env references exists, Ready, or Suspended while the
 * Organization is suspended or terminating or the quota controller marked it over quota), its
 * Ready condition and observedGeneration. An agent in a team namespace belongs to the organization
 * its namespace is labelled with. Records AgentReady / AgentSuspended when the phase
 * changes, ConfigNotFound when what is missing changes. Reads the Agent, its Organization and the
 * referenced objects (key names only) from the informer caches; writes only a status that changed.
 */
import type { AgentPhase, AgentStatus } from '../../api/agent.js';
import type { Condition } from '../../api/meta.js';
import type { ApiClient } from '../runtime/client.js';
import type { Clock } from '../runtime/clock.js';
import { findStatusCondition, setStatusCondition } from '../runtime/conditions.js';
import type { Reconciler, Result } from '../runtime/controller.js';
import type { Listers } from '../runtime/lister.js';
import { AGENTS, CONFIG_MAPS, NAMESPACES, ORGANIZATIONS, SECRETS, splitKey } from '../runtime/resources.js';
import { organizationOf } from '../orgstructure/members.js';
import { updateStatus } from '../runtime/status.js';
import { QUOTA_SUSPENDED_ANNOTATION } from '../names.js';
import type { Agent, EventSink, Organization } from '../types.js';
import { missingConfig, type ConfigLookup, type ConfigObject } from './config.js';

export interface AgentReconcilerDeps {
  readonly client: ApiClient;
  readonly events: EventSink;
  readonly clock: Clock;
  /** the caches of Agents, Organizations, Namespaces, Secrets and ConfigMaps (the latter two key names only) */
  readonly listers: Listers;
}

interface Verdict {
  readonly phase: AgentPhase;
  readonly status: Condition['status'];
  readonly reason: string;
  readonly message: string;
}

/**
 * What the agent's phase and Ready condition should be, given its organization and what its
 * spec.env references that is missing (messages of missingConfig): suspension wins, then missing
 * configuration (ConfigNotFound), then the organization's readiness.
 */
export function verdict(
  agent: Agent,
  org: Organization | undefined,
  missing: readonly string[] = [],
  orgName = agent.metadata.namespace ?? '',
): Verdict {
  const ns = orgName;
  if (!org)
    return {
      phase: 'Pending',
      status: 'False',
      reason: 'OrganizationNotFound',
      message: `organization ${ns} does not exist`,
    };
  if (org.metadata.deletionTimestamp !== undefined)
    return {
      phase: 'Suspended',
      status: 'False',
      reason: 'OrganizationTerminating',
      message: `organization ${ns} is being deleted`,
    };
  if (org.spec?.suspended === true)
    return {
      phase: 'Suspended',
      status: 'False',
      reason: 'OrganizationSuspended',
      message: `organization ${ns} is suspended`,
    };
  if (agent.metadata.annotations?.[QUOTA_SUSPENDED_ANNOTATION] !== undefined)
    return {
      phase: 'Suspended',
      status: 'False',
      reason: 'QuotaExceeded',
      message: `organization ${ns} is over its agents quota`,
    };
  if (missing.length > 0)
    return { phase: 'Pending', status: 'False', reason: 'ConfigNotFound', message: missing.join('; ') };
  if (org.status?.phase !== 'Active')
    return {
      phase: 'Pending',
      status: 'False',
      reason: 'OrganizationNotReady',
      message: `organization ${ns} is not active yet`,
    };
  return { phase: 'Ready', status: 'True', reason: 'Ready', message: 'the agent is ready' };
}

/** Whether agent's status already says v for its generation (then a reconcile writes and records nothing). */
function holds(agent: Agent, v: Verdict): boolean {
  const s = agent.status;
  const g = agent.metadata.generation;
  if (s?.phase !== v.phase || (g !== undefined && s.observedGeneration !== g)) return false;
  const c = findStatusCondition(s.conditions, 'Ready');
  return (
    c?.status === v.status &&
    c.reason === v.reason &&
    c.message === v.message &&
    (g === undefined || c.observedGeneration === g)
  );
}

export class AgentReconciler implements Reconciler {
  constructor(private readonly deps: AgentReconcilerDeps) {}

  async reconcile(key: string): Promise<Result | undefined> {
    const { namespace = '', name } = splitKey(key);
    const { client, listers } = this.deps;
    const agent = listers<Agent>(AGENTS).get(name, namespace);
    if (!agent || agent.metadata.deletionTimestamp !== undefined) return undefined;
    const orgName = organizationOf(listers(NAMESPACES).get(namespace), namespace);
    const org = listers<Organization>(ORGANIZATIONS).get(orgName);
    const v = verdict(agent, org, missingConfig(agent, this.lookup), orgName);
    // the common case at a start or relist: every agent is reconciled and most are up to date
    if (holds(agent, v)) return undefined;
    const status: AgentStatus = structuredClone(agent.status ?? {});
    const conditions = status.conditions ?? [];
    const generation = agent.metadata.generation;
    setStatusCondition(
      conditions,
      {
        type: 'Ready',
        status: v.status,
        reason: v.reason,
        message: v.message,
        observedGeneration: generation,
      },
      this.deps.clock.now(),
    );
    const next: AgentStatus = {
      ...status,
      phase: v.phase,
      conditions,
      ...(generation !== undefined ? { observedGeneration: generation } : {}),
    };
    const before = agent.status?.phase;
    const was = findStatusCondition(agent.status?.conditions, 'Ready');
    await updateStatus(client, AGENTS, agent, next);
    if (v.reason === 'ConfigNotFound' && (was?.reason !== v.reason || was.message !== v.message))
      this.deps.events.event(
        agent,
        'Warning',
        'ConfigNotFound',
        `Agent configuration not found: ${v.message}`,
      );
    if (before !== v.phase) this.record(agent, v);
    return undefined;
  }

  private readonly lookup: ConfigLookup = (kind, namespace, name) =>
    this.deps.listers<ConfigObject>(kind === 'Secret' ? SECRETS : CONFIG_MAPS).get(name, namespace);

  private record(agent: Agent, v: Verdict): void {
    if (v.phase === 'Ready') this.deps.events.event(agent, 'Normal', 'AgentReady', 'Agent is ready');
    else if (v.phase === 'Suspended')
      this.deps.events.event(agent, 'Warning', 'AgentSuspended', `Agent suspended: ${v.message}`);
  }
}
