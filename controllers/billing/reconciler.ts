/**
 * The billing reconciler: one customer per Organization in each provider it picks
 * (spec.billing.providers) that this controller is configured for. Each new customer id goes to
 * status.billing at once; status.billing.syncedGeneration records the generation last pushed, so
 * name, email and plan changes are pushed once per generation. The finalizer orgplane.io/billing
 * (added before the first provider call) deletes the customers before the Organization goes.
 * Provider failures set BillingSynced False and requeue with exponential backoff (at least the
 * provider's Retry-After); the providers make every retry idempotent (see provider.ts).
 */
import type { Organization } from '../../api/organization.js';
import { Backoff } from '../../api/backoff.js';
import { realClock, type Clock } from '../runtime/clock.js';
import { setStatusCondition } from '../runtime/conditions.js';
import type { Result, Reconciler } from '../runtime/controller.js';
import { silentLogger, type Logger } from '../runtime/logger.js';
import { ORGANIZATIONS } from '../runtime/resources.js';
import {
  BILLING_CONDITION,
  BILLING_FINALIZER,
  ID_FIELD,
  customerSpec,
  hasFinalizer,
  recordedId,
  requestedProviders,
} from './customer.js';
import { finalizeBilling, type FinalizeDeps } from './finalize.js';
import { billingCondition, retryAfterMs, type SyncOutcome } from './outcome.js';
import { ProviderError, type ProviderName } from './provider.js';
import { cloneConditions, mergeStatus, updateFinalizers, updateStatus } from './writes.js';

export interface BillingReconcilerOptions extends FinalizeDeps {
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly backoffBaseMs?: number;
  readonly backoffMaxMs?: number;
  /** called when a provider revealed a new customer id, before it is written (crash tests) */
  readonly beforeRecord?: (provider: ProviderName, id: string) => void;
}

export class BillingReconciler implements Reconciler {
  private readonly backoffs = new Map<string, Backoff>();
  private readonly clock: Clock;
  private readonly logger: Logger;

  constructor(private readonly opts: BillingReconcilerOptions) {
    this.clock = opts.clock ?? realClock;
    this.logger = opts.logger ?? silentLogger;
  }

  async reconcile(name: string): Promise<Result | undefined> {
    const org = await this.opts.client.get<Organization>(ORGANIZATIONS, name);
    if (!org) {
      this.backoffs.delete(name);
      return undefined;
    }
    if (org.metadata.deletionTimestamp !== undefined) {
      const failures = await finalizeBilling(this.opts, org);
      return this.after(name, failures);
    }
    return this.sync(org);
  }

  private async sync(initial: Organization): Promise<Result | undefined> {
    const name = initial.metadata.name ?? '';
    const requested = requestedProviders(initial);
    const active = requested.filter((p) => this.opts.providers[p] !== undefined);
    let org = initial;
    if (active.length > 0 && !hasFinalizer(org)) {
      const added = await updateFinalizers(this.opts.client, org, (f) => [...f, BILLING_FINALIZER]);
      if (!added) return undefined;
      org = added;
      if (org.metadata.deletionTimestamp !== undefined) return this.reconcile(name);
    }
    const generation = org.metadata.generation ?? 0;
    const { failures, pushed, latest } = await this.push(org, active);
    const outcome: SyncOutcome = {
      requested,
      missing: requested.filter((p) => !active.includes(p)),
      failures,
    };
    const written = await this.writeOutcome(name, generation, outcome);
    this.announce(written ?? latest, outcome, pushed);
    return this.after(name, failures);
  }

  /**
   * Push the customer to each active provider that has no recorded id or has not seen this
   * generation; each newly revealed id is merged into status.billing before anything else.
   */
  private async push(
    org: Organization,
    active: readonly ProviderName[],
  ): Promise<{ failures: ProviderError[]; pushed: ProviderName[]; latest: Organization }> {
    const name = org.metadata.name ?? '';
    const upToDate = org.status?.billing?.syncedGeneration === (org.metadata.generation ?? 0);
    const spec = customerSpec(org);
    const failures: ProviderError[] = [];
    const pushed: ProviderName[] = [];
    let latest = org;
    for (const p of active) {
      const provider = this.opts.providers[p];
      const known = recordedId(org, p);
      if (!provider || (known !== undefined && upToDate)) continue;
      try {
        await provider.sync(spec, known, async (id) => {
          this.opts.beforeRecord?.(p, id);
          latest = await mergeStatus(this.opts.client, name, { billing: { [ID_FIELD[p]]: id } });
        });
        pushed.push(p);
      } catch (err) {
        if (!(err instanceof ProviderError)) throw err;
        failures.push(err);
      }
    }
    return { failures, pushed, latest };
  }

  /** BillingSynced and, when every configured provider took this generation, syncedGeneration. */
  private writeOutcome(name: string, generation: number, o: SyncOutcome): Promise<Organization | undefined> {
    const cond = billingCondition(o);
    return updateStatus(this.opts.client, name, (cur) => {
      if ((cur.metadata.generation ?? 0) !== generation) return undefined;
      const conditions = cloneConditions(cur);
      let changed = setStatusCondition(
        conditions,
        { type: BILLING_CONDITION, ...cond, observedGeneration: generation },
        this.clock.now(),
      );
      const billing: Record<string, unknown> = {};
      if (o.failures.length === 0 && cur.status?.billing?.syncedGeneration !== generation) {
        billing['syncedGeneration'] = generation;
        changed = true;
      }
      if (!changed) return undefined;
      return { conditions, ...(Object.keys(billing).length > 0 ? { billing } : {}) };
    });
  }

  private announce(org: Organization, o: SyncOutcome, pushed: readonly ProviderName[]): void {
    const cond = billingCondition(o);
    if (o.failures.length > 0) {
      this.logger.warn('billing sync failed', {
        organization: org.metadata.name,
        reason: cond.reason,
        error: cond.message,
      });
      this.opts.events.event(org, 'Warning', 'BillingFailed', `${cond.reason}: ${cond.message}`);
    } else if (pushed.length > 0) {
      this.opts.events.event(org, 'Normal', 'BillingSynced', `Customer synced to ${pushed.join(', ')}`);
    }
  }

  /** Requeue after the key's next backoff (at least the longest Retry-After) or forget it. */
  private after(name: string, failures: readonly ProviderError[]): Result | undefined {
    if (failures.length === 0) {
      this.backoffs.delete(name);
      return undefined;
    }
    let b = this.backoffs.get(name);
    if (!b) {
      b = new Backoff(this.opts.backoffBaseMs ?? 1000, this.opts.backoffMaxMs ?? 300_000);
      this.backoffs.set(name, b);
    }
    return { requeueAfter: Math.max(b.next(), retryAfterMs(failures)) };
  }
}
