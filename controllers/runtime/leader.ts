/**
 * Leader election on a coordination.k8s.io/v1 Lease (client-go leaderelection): acquire when the
 * lease is free or its holder has not renewed for leaseDuration (measured on our own monotonic
 * clock from when we last saw the record change), renew every retryPeriod, give up leadership when
 * a renewal has not succeeded for renewDeadline or the Lease shows another holder, and release
 * (empty holder) on stop so a successor takes over at once.
 *
 * Unlike client-go it fences: `fence` allows writes only until renewDeadline after the start of
 * the last successful renewal (fence.ts), so a leader paused past its lease refuses every write
 * the moment it wakes, before its renew loop has even noticed; then it steps down and campaigns
 * again as a follower.
 */
import type { KubeObject } from '../../api/meta.js';
import type { ApiClient } from './client.js';
import { aborted, microTime, monotonicNow, realClock, sleep, type Clock } from './clock.js';
import { isAlreadyExists, isNamespaceNotFound } from './errors.js';
import { LeaseFence } from './fence.js';
import { errorMessage, silentLogger, type Logger } from './logger.js';
import { LEASES, NAMESPACES } from './resources.js';

export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

export type Lease = KubeObject & { spec?: LeaseSpec };

export interface LeaderElectionOptions {
  readonly client: ApiClient;
  readonly namespace: string;
  readonly name: string;
  readonly identity: string;
  readonly leaseDurationMs?: number;
  readonly renewDeadlineMs?: number;
  readonly retryPeriodMs?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** called when this candidate becomes leader */
  readonly onStartedLeading: () => void | Promise<void>;
  /** called when leadership ends (lost, or stop()); awaited before the lease is released */
  readonly onStoppedLeading: () => void | Promise<void>;
}

export class LeaderElector {
  private leading = false;
  private abort: AbortController | undefined;
  private loop: Promise<void> | undefined;
  /** the record as last seen, and when (our clock) it last changed */
  private observed: { spec: LeaseSpec; at: number } | undefined;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  /** allows writes while our lease is certainly valid; the Manager guards its client with it */
  readonly fence: LeaseFence;

  constructor(private readonly opts: LeaderElectionOptions) {
    this.clock = opts.clock ?? realClock;
    this.logger = opts.logger ?? silentLogger;
    this.leaseDurationMs = opts.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = opts.renewDeadlineMs ?? 10_000;
    this.retryPeriodMs = opts.retryPeriodMs ?? 2_000;
    if (this.renewDeadlineMs >= this.leaseDurationMs)
      throw new Error('leader election: renewDeadline must be shorter than leaseDuration');
    this.fence = new LeaseFence(this.clock, `lease ${opts.namespace}/${opts.name}`);
  }

  /** Leading, and the lease certainly still ours (a paused leader is not, even before it notices). */
  isLeader(): boolean {
    return this.leading && this.fence.holds();
  }

  /** Runs the election in the background until stop(). */
  start(): void {
    if (this.abort && !this.abort.signal.aborted) return;
    this.abort = new AbortController();
    this.loop = this.run(this.abort.signal);
  }

  /** Stops campaigning; a leader stops leading (onStoppedLeading) and releases the lease. */
  async stop(): Promise<void> {
    this.abort?.abort();
    await this.loop;
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!aborted(signal)) {
      await this.acquire(signal);
      if (aborted(signal)) break;
      this.leading = true;
      this.logger.info('leader election: became leader', {
        lease: this.opts.name,
        identity: this.opts.identity,
      });
      await this.callback(this.opts.onStartedLeading);
      await this.renewUntilLost(signal);
      // lost: refuse writes before the controllers stop; stopped by us: the lease is still ours
      // until release(), so in-flight reconciles may finish their writes
      if (!aborted(signal)) this.fence.revoke();
      this.leading = false;
      await this.callback(this.opts.onStoppedLeading);
      this.fence.revoke();
      if (aborted(signal)) await this.release();
      else
        this.logger.warn('leader election: lost the lease', {
          lease: this.opts.name,
          identity: this.opts.identity,
        });
    }
  }

  private async callback(fn: () => void | Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.logger.error('leader election callback failed', { error: errorMessage(err) });
    }
  }

  private async acquire(signal: AbortSignal): Promise<void> {
    while (!aborted(signal)) {
      if (await this.tryAcquireOrRenew()) return;
      await sleep(this.clock, this.retryPeriodMs * (1 + Math.random() * 0.2), signal);
    }
  }

  /** Returns when the lease is lost: another holder seen, or no renewal for renewDeadline. */
  private async renewUntilLost(signal: AbortSignal): Promise<void> {
    while (!aborted(signal)) {
      await sleep(this.clock, this.retryPeriodMs, signal);
      if (aborted(signal)) return;
      if (await this.tryAcquireOrRenew()) continue;
      if (!this.fence.holds() || this.heldByOther()) return;
    }
  }

  private heldByOther(): boolean {
    const holder = this.observed?.spec.holderIdentity ?? '';
    return holder !== '' && holder !== this.opts.identity;
  }

  /**
   * One attempt; true when we hold the lease afterwards, and then the fence is granted from the
   * attempt's start. Never throws.
   */
  private async tryAcquireOrRenew(): Promise<boolean> {
    const { client, namespace, name } = this.opts;
    const started = monotonicNow(this.clock);
    const wall = this.clock.now();
    try {
      const current = await client.get<Lease>(LEASES, name, namespace);
      if (!current) {
        await this.createLease(wall, started);
        this.fence.grant(started, this.renewDeadlineMs, 0);
        return true;
      }
      const spec = current.spec ?? {};
      this.observe(spec, started);
      if (!this.mayTake(spec, started)) return false;
      const next = this.nextSpec(spec, wall);
      const updated = await client.update<Lease>(LEASES, { ...current, spec: next });
      this.observe(updated.spec ?? next, started);
      this.fence.grant(started, this.renewDeadlineMs, next.leaseTransitions);
      return true;
    } catch (err) {
      this.logger.debug('leader election: attempt failed', { lease: name, error: errorMessage(err) });
      return false;
    }
  }

  /** Free, ours, or not renewed for its duration since we saw it change (`now`: monotonic). */
  private mayTake(spec: LeaseSpec, now: number): boolean {
    const holder = spec.holderIdentity ?? '';
    if (holder === '' || holder === this.opts.identity) return true;
    const durationMs = (spec.leaseDurationSeconds ?? Math.ceil(this.leaseDurationMs / 1000)) * 1000;
    return (this.observed?.at ?? now) + durationMs <= now;
  }

  private nextSpec(spec: LeaseSpec, now: number): LeaseSpec {
    const holder = spec.holderIdentity ?? '';
    const ours = holder === this.opts.identity;
    return {
      holderIdentity: this.opts.identity,
      leaseDurationSeconds: Math.ceil(this.leaseDurationMs / 1000),
      acquireTime: ours && spec.acquireTime ? spec.acquireTime : microTime(now),
      renewTime: microTime(now),
      leaseTransitions: (spec.leaseTransitions ?? 0) + (ours ? 0 : 1),
    };
  }

  private async createLease(now: number, seenAt: number): Promise<void> {
    const { client, namespace, name, identity } = this.opts;
    const lease: Lease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name, namespace },
      spec: {
        holderIdentity: identity,
        leaseDurationSeconds: Math.ceil(this.leaseDurationMs / 1000),
        acquireTime: microTime(now),
        renewTime: microTime(now),
        leaseTransitions: 0,
      },
    };
    try {
      const created = await client.create(LEASES, lease);
      this.observe(created.spec ?? {}, seenAt);
    } catch (err) {
      if (!isNamespaceNotFound(err)) throw err;
      await client
        .create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } })
        .catch((e: unknown) => {
          if (!isAlreadyExists(e)) throw e;
        });
      const created = await client.create(LEASES, lease);
      this.observe(created.spec ?? {}, seenAt);
    }
  }

  private observe(spec: LeaseSpec, now: number): void {
    const o = this.observed;
    if (!o || o.spec.holderIdentity !== spec.holderIdentity || o.spec.renewTime !== spec.renewTime)
      this.observed = { spec, at: now };
  }

  /** Gives the lease up: empty holder, so the next candidate acquires without waiting. */
  private async release(): Promise<void> {
    const { client, namespace, name, identity } = this.opts;
    try {
      const current = await client.get<Lease>(LEASES, name, namespace);
      if (current?.spec?.holderIdentity !== identity) return;
      const now = microTime(this.clock.now());
      const spec: LeaseSpec = {
        leaseDurationSeconds: 1,
        acquireTime: now,
        renewTime: now,
        leaseTransitions: current.spec.leaseTransitions ?? 0,
      };
      await client.update<Lease>(LEASES, { ...current, spec });
      this.logger.info('leader election: released the lease', { lease: name, identity });
    } catch (err) {
      this.logger.warn('leader election: could not release the lease', {
        lease: name,
        error: errorMessage(err),
      });
    }
  }
}
