/**
 * The quota controller. The API server enforces quota exactly at admission and bumps
 * Organization.status.usage with each create; this controller recounts what really exists into
 * status.usage (repairing drift), sets QuotaExceeded (True when usage is above a quota, e.g. after
 * a quota was lowered), suspends the newest excess Agents and resumes them when room returns, and
 * records QuotaWarning (80 %) / QuotaExceeded (100 %) Events once per upward crossing.
 *
 * The Organization is read before the objects are counted and the usage is written guarded by
 * that read's resourceVersion: a create admitted meanwhile bumps the Organization, the write then
 * conflicts and the count is redone, so the usage of record never drops below reality.
 */
import type { KubeObject } from '../../api/meta.js';
import type { OrganizationStatus } from '../../api/organization.js';
import type { ApiClient } from '../runtime/client.js';
import type { Clock } from '../runtime/clock.js';
import { findStatusCondition, setStatusCondition } from '../runtime/conditions.js';
import type { Reconciler, Result } from '../runtime/controller.js';
import { ignoreNotFound } from '../runtime/errors.js';
import { AGENTS, ORGANIZATIONS, type ResourceType } from '../runtime/resources.js';
import { updateStatus } from '../runtime/status.js';
import { QUOTA_SUSPENDED_ANNOTATION } from '../names.js';
import type { EventSink, Organization } from '../types.js';
import {
  assess,
  BAND_REASON,
  bandFromReason,
  countable,
  COUNTED,
  excessAgents,
  OVER_QUOTA_REASON,
  type Assessment,
} from './usage.js';

export interface QuotaReconcilerDeps {
  readonly client: ApiClient;
  readonly events: EventSink;
  readonly clock: Clock;
}

export const QUOTA_CONDITION = 'QuotaExceeded';

export class QuotaReconciler implements Reconciler {
  constructor(private readonly deps: QuotaReconcilerDeps) {}

  async reconcile(name: string): Promise<Result | undefined> {
    const { client } = this.deps;
    const org = await client.get<Organization>(ORGANIZATIONS, name);
    if (!org || org.metadata.deletionTimestamp !== undefined) return undefined;
    const quota = org.spec?.quota ?? {};
    const objects = await this.countObjects(name, quota);
    const counted: Record<string, number> = {};
    for (const [key, res] of COUNTED) {
      if (key === 'agents' || quota[key] !== undefined)
        counted[key] = countable(objects.get(res) ?? []).length;
    }
    const kept = Object.entries(org.status?.usage ?? {}).filter(([k]) => !COUNTED.has(k));
    const usage = { ...Object.fromEntries(kept), ...counted };
    const verdict = assess(usage, quota);
    const previous = bandFromReason(findStatusCondition(org.status?.conditions, QUOTA_CONDITION)?.reason);
    await updateStatus(client, ORGANIZATIONS, org, this.nextStatus(org, usage, verdict));
    if (verdict.band > previous) this.recordCrossing(org, verdict);
    await this.suspendExcess(org, objects.get(AGENTS) ?? [], quota.agents);
    return undefined;
  }

  /** Lists, once per resource, the objects of every counted quota key. */
  private async countObjects(
    ns: string,
    quota: Record<string, number>,
  ): Promise<Map<ResourceType, KubeObject[]>> {
    const out = new Map<ResourceType, KubeObject[]>();
    for (const [key, res] of COUNTED) {
      if (out.has(res) || (key !== 'agents' && quota[key] === undefined)) continue;
      out.set(res, (await this.deps.client.list(res, { namespace: ns })).items);
    }
    return out;
  }

  private nextStatus(org: Organization, usage: Record<string, number>, v: Assessment): OrganizationStatus {
    const status: OrganizationStatus = structuredClone(org.status ?? {});
    const conditions = status.conditions ?? [];
    const generation = org.metadata.generation;
    const condition = v.exceeded
      ? { status: 'True' as const, reason: OVER_QUOTA_REASON, message: `usage is above quota: ${v.detail}` }
      : {
          status: 'False' as const,
          reason: BAND_REASON[v.band],
          message:
            v.band === 0 ? 'usage is below 80% of every quota' : `usage is close to quota: ${v.detail}`,
        };
    setStatusCondition(
      conditions,
      { type: QUOTA_CONDITION, ...condition, observedGeneration: generation },
      this.deps.clock.now(),
    );
    return { ...status, usage, conditions };
  }

  private recordCrossing(org: Organization, v: Assessment): void {
    if (v.band === 2)
      this.deps.events.event(
        org,
        'Warning',
        'QuotaExceeded',
        `Quota ${v.exceeded ? 'exceeded' : 'reached'}: ${v.detail}`,
      );
    else this.deps.events.event(org, 'Warning', 'QuotaWarning', `Quota 80% used: ${v.detail}`);
  }

  /** Marks the newest agents beyond the quota suspended and unmarks the rest. */
  private async suspendExcess(
    org: Organization,
    agents: readonly KubeObject[],
    max: number | undefined,
  ): Promise<void> {
    const excess = excessAgents(agents, max);
    for (const agent of agents) {
      const name = agent.metadata.name ?? '';
      const marked = agent.metadata.annotations?.[QUOTA_SUSPENDED_ANNOTATION] !== undefined;
      const want = excess.has(name);
      if (marked === want || agent.metadata.deletionTimestamp !== undefined) continue;
      await this.deps.client
        .mergePatch(AGENTS, name, agent.metadata.namespace, {
          metadata: { annotations: { [QUOTA_SUSPENDED_ANNOTATION]: want ? 'true' : null } },
        })
        .catch(ignoreNotFound);
      const reason = want ? 'AgentSuspended' : 'AgentResumed';
      const message = want
        ? `Suspended agent ${name}: over the agents quota`
        : `Resumed agent ${name}: within quota`;
      this.deps.events.event(org, 'Normal', reason, message);
    }
  }
}
