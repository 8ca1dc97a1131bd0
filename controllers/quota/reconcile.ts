/**
 * The quota controller. The API server enforces quota exactly at admission: it reserves a unit of
 * Organization.status.usage in each create's transaction and releases it in the transaction that
 * removes the object from storage, so it is the owner of usage. This controller only recounts
 * what really exists (from the informer caches, see count.ts) and repairs drift, sets
 * QuotaExceeded (True when usage is above a quota, e.g. after a quota was lowered), suspends the
 * newest excess Agents and resumes them when room returns, and records QuotaWarning (80 %) /
 * QuotaExceeded (100 %) Events once per upward crossing.
 *
 * Usage is written guarded by the resourceVersion of the Organization it was counted against: a
 * create or removal admitted meanwhile makes the write conflict and the count is redone (once at
 * once on the Organization read from the server, then as the key is retried), so the usage of
 * record never drops below what admission reserved for objects that exist.
 */
import type { KubeObject } from '../../api/meta.js';
import type { ApiClient } from '../runtime/client.js';
import type { Clock } from '../runtime/clock.js';
import { findStatusCondition } from '../runtime/conditions.js';
import type { Reconciler, Result } from '../runtime/controller.js';
import { ignoreNotFound, isConflict } from '../runtime/errors.js';
import type { Listers } from '../runtime/lister.js';
import { AGENTS, ORGANIZATIONS } from '../runtime/resources.js';
import { updateStatus } from '../runtime/status.js';
import { QUOTA_SUSPENDED_ANNOTATION } from '../names.js';
import type { EventSink, Organization } from '../types.js';
import { countOf, CountSource } from './count.js';
import { QUOTA_CONDITION, quotaStatus, recordCrossing } from './status.js';
import { assess, bandFromReason, COUNTED, excessAgents } from './usage.js';

export interface QuotaReconcilerDeps {
  readonly client: ApiClient;
  readonly events: EventSink;
  readonly clock: Clock;
  /** the caches of Organizations and of the counted resources (agents, role bindings) */
  readonly listers: Listers;
  /** how long a cache behind the Organization is waited for before listing from the server */
  readonly graceMs?: number;
}

export class QuotaReconciler implements Reconciler {
  private readonly counts: CountSource;

  constructor(private readonly deps: QuotaReconcilerDeps) {
    this.counts = new CountSource(deps);
  }

  async reconcile(name: string): Promise<Result | undefined> {
    const cached = this.deps.listers<Organization>(ORGANIZATIONS).get(name);
    try {
      return await this.sync(name, cached);
    } catch (err) {
      // the cache was behind an admission (the guarded write conflicted): once more, read fresh
      if (!isConflict(err)) throw err;
      return this.sync(name, await this.deps.client.get<Organization>(ORGANIZATIONS, name));
    }
  }

  private async sync(name: string, org: Organization | undefined): Promise<Result | undefined> {
    if (!org || org.metadata.deletionTimestamp !== undefined) {
      this.counts.forget(name);
      return undefined;
    }
    const objects = await this.counts.read(org);
    if (!objects) return { requeueAfter: this.counts.graceMs };
    const quota = org.spec?.quota ?? {};
    const kept = Object.entries(org.status?.usage ?? {}).filter(([k]) => !COUNTED.has(k));
    const usage = { ...Object.fromEntries(kept), ...countOf(objects, quota) };
    const verdict = assess(usage, quota);
    const previous = bandFromReason(findStatusCondition(org.status?.conditions, QUOTA_CONDITION)?.reason);
    const next = quotaStatus(org, usage, verdict, this.deps.clock.now());
    await updateStatus(this.deps.client, ORGANIZATIONS, org, next);
    if (verdict.band > previous) recordCrossing(this.deps.events, org, verdict);
    await this.suspendExcess(org, objects.get(AGENTS) ?? [], quota.agents);
    return undefined;
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
