/** The status the team controller writes: namespace, path, depth, phase, members, Ready. */
import type { KubeObject } from '../../api/meta.js';
import type { TeamStatus } from '../../api/team.js';
import { setStatusCondition } from '../runtime/conditions.js';
import type { Lister } from '../runtime/lister.js';
import type { Team } from '../types.js';

export const teamNamespace = (org: string, team: string): string => `${org}-${team}`;

/** The team's ancestors, nearest first (stops at a missing team or a loop). */
export function ancestorsOf(teams: Lister<Team>, team: Team): string[] {
  const org = team.metadata.namespace ?? '';
  const out: string[] = [];
  let parent = team.spec?.parent;
  while (parent !== undefined && parent !== team.metadata.name && !out.includes(parent)) {
    out.push(parent);
    parent = teams.get(parent, org)?.spec?.parent;
  }
  return out;
}

export interface TeamFacts {
  readonly ancestors: readonly string[];
  readonly namespace: KubeObject | undefined;
  readonly members: number;
  readonly terminating: boolean;
  /** the recounted usage of the counted keys, when the caches were in step with the Team */
  readonly usage?: Readonly<Record<string, number>>;
}

export function nextTeamStatus(team: Team, facts: TeamFacts, nowMs: number): TeamStatus {
  const org = team.metadata.namespace ?? '';
  const name = team.metadata.name ?? '';
  const nsName = teamNamespace(org, name);
  const status: TeamStatus = structuredClone(team.status ?? {});
  const conditions = status.conditions ?? [];
  const generation = team.metadata.generation;
  const ns = facts.namespace;
  const ready = facts.terminating
    ? { status: 'False' as const, reason: 'Terminating', message: 'the team is being deleted' }
    : !ns
      ? {
          status: 'False' as const,
          reason: 'NamespaceMissing',
          message: `namespace ${nsName} does not exist`,
        }
      : ns.metadata.deletionTimestamp !== undefined
        ? {
            status: 'False' as const,
            reason: 'NamespaceTerminating',
            message: `namespace ${nsName} is terminating`,
          }
        : { status: 'True' as const, reason: 'Active', message: `namespace ${nsName} is active` };
  setStatusCondition(conditions, { type: 'Ready', ...ready, observedGeneration: generation }, nowMs);
  return {
    ...status,
    namespace: nsName,
    path: [org, ...[...facts.ancestors].reverse(), name].join('/'),
    depth: facts.ancestors.length + 1,
    phase: facts.terminating ? 'Terminating' : 'Active',
    members: facts.members,
    ...(facts.usage ? { usage: { ...(status.usage ?? {}), ...facts.usage } } : {}),
    conditions,
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
  };
}
