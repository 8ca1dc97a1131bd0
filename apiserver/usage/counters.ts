/**
 * Every organization's request counters on this API server (one OrgState each), kept in storage
 * through the registry's internal records: pending counts are flushed per organization and day
 * with one compare-and-swap of its record (a read and a write), every `flushIntervalMs` and
 * whenever the quota needs a sync, never per request. A flush also reads what the other servers
 * added, so each server's view lags the others by at most one flush. Records older than the
 * retention are deleted by an hourly sweep.
 */
import type winston from 'winston';
import type { InternalStore } from '../registry/internal.js';
import { addDelta, OrgState, type Decision, type RateLimits } from './org-state.js';
import {
  ACTIVITY_PREFIX,
  activityKey,
  dayOfKey,
  emptyDelta,
  merge,
  parseRecord,
  type DayRecord,
  type Delta,
} from './record.js';
import { dayOf, daysBefore, minuteOf } from './windows.js';

export type CounterStorage = Pick<InternalStore, 'get' | 'transact' | 'list'>;

export interface UsageOptions {
  readonly internal: CounterStorage;
  readonly logger: winston.Logger;
  /** this server's id in the records (unique per process) */
  readonly serverId: string;
  readonly now?: () => number;
  readonly flushIntervalMs?: number;
  /** days of records kept (default 90) */
  readonly retentionDays?: number;
}

/** Users a server remembers per organization and day (to count each once). */
const SEEN_CAP = 10_000;
const CAS_ATTEMPTS = 20;
const SWEEP_EVERY_MS = 3_600_000;
/** a request waits for at most this many syncs before it is decided on what the server knows */
const MAX_SYNCS = 20;

export class UsageCounters {
  private readonly orgs = new Map<string, OrgState>();
  private readonly syncs = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private lastSweep = 0;
  readonly now: () => number;
  /** storage writes made (each a compare-and-swap of one record), for tests and the bench */
  writes = 0;

  constructor(private readonly opts: UsageOptions) {
    this.now = opts.now ?? Date.now;
  }

  private state(org: string): OrgState {
    let s = this.orgs.get(org);
    if (!s) this.orgs.set(org, (s = new OrgState(this.opts.serverId)));
    return s;
  }

  organizations(): string[] {
    return [...this.orgs.keys()];
  }

  /** A request of one of the organization's users began. */
  countRequest(org: string, user: string, write: boolean): void {
    const now = this.now();
    const s = this.state(org);
    const d = s.deltaFor(now);
    d.requests++;
    if (write) d.writes++;
    s.noteUser(user, now, SEEN_CAP);
  }

  /** A request of one of the organization's users ended with this outcome. */
  countOutcome(
    org: string,
    outcome: { denied: boolean; agentCreated: boolean; agentDeleted: boolean },
  ): void {
    const d = this.state(org).deltaFor(this.now());
    if (outcome.denied) d.denials++;
    if (outcome.agentCreated) d.agentsCreated++;
    if (outcome.agentDeleted) d.agentsDeleted++;
  }

  /** The decision when it needs no sync (admitting counts the request); 'sync' when admit() must wait. */
  admitNow(org: string, limits: RateLimits): Decision {
    const s = this.state(org);
    const now = this.now();
    const d = s.decide(limits, now);
    if (d.kind === 'admit') s.admit(now);
    return d;
  }

  /** Counts a request against the quota without deciding (one that is never refused). */
  admitAnyway(org: string): void {
    this.state(org).admit(this.now());
  }

  /** Admits a request (counting it) or refuses it; syncs with storage first when the quota needs it. */
  async admit(org: string, limits: RateLimits): Promise<Exclude<Decision, { kind: 'sync' }>> {
    const s = this.state(org);
    for (let i = 0; ; i++) {
      const d = s.decide(limits, this.now());
      if (d.kind === 'refuse') return d;
      if (d.kind === 'admit' || (i >= MAX_SYNCS && s.shared)) {
        s.admit(this.now());
        return { kind: 'admit' };
      }
      try {
        await this.sync(org);
      } catch (err) {
        // storage unreachable: decide on what this server knows rather than fail the request
        this.opts.logger.warn('request quota sync failed', { organization: org, error: String(err) });
        if (!s.shared) s.setShared(dayOf(this.now()), parseRecord(undefined), this.now());
        i = MAX_SYNCS;
      }
    }
  }

  /** Requests counted against the quota now (this minute, today). */
  requests(org: string): { thisMinute: number; today: number } {
    const a = this.state(org).admitted(this.now());
    return { thisMinute: a.minute, today: a.day };
  }

  /** What this server counted for a day and has not stored yet. */
  unflushed(org: string, day: string): Delta | undefined {
    const s = this.orgs.get(org);
    if (!s) return undefined;
    const parts = [s.inflight?.get(day), s.pending.get(day)].filter((d): d is Delta => d !== undefined);
    const [first, second] = parts;
    return first && second ? addDelta(first, second) : first;
  }

  /** Flushes the organization's pending counts and reads today's record (one at a time per org). */
  sync(org: string): Promise<void> {
    const running = this.syncs.get(org);
    if (running) return running;
    const p = this.flushOrg(org).finally(() => this.syncs.delete(org));
    this.syncs.set(org, p);
    return p;
  }

  private async flushOrg(org: string): Promise<void> {
    const s = this.state(org);
    const now = this.now();
    const today = dayOf(now);
    const taken = s.takePending() ?? (s.inflight = new Map<string, Delta>());
    if (!taken.has(today)) taken.set(today, emptyDelta(minuteOf(now)));
    try {
      for (const [day, delta] of [...taken].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const rec = await this.addToRecord(org, day, delta, now);
        taken.delete(day);
        s.setShared(day, rec, now);
      }
      s.inflight = undefined;
    } catch (err) {
      s.restoreInflight();
      throw err;
    }
  }

  private async addToRecord(org: string, day: string, delta: Delta, now: number): Promise<DayRecord> {
    const key = activityKey(org, day);
    for (let i = 0; i < CAS_ATTEMPTS; i++) {
      const cur = await this.opts.internal.get(key);
      const rec = merge(parseRecord(cur?.value), delta, this.opts.serverId, now);
      const r = await this.opts.internal.transact(
        [{ unchanged: key, revision: cur?.revision ?? 0 }],
        [{ put: key, value: JSON.stringify(rec) }],
      );
      this.writes++;
      if (r.succeeded) return rec;
    }
    throw new Error(`activity record ${key}: too many concurrent writers`);
  }

  /** Flushes every organization with pending counts (each failure logged, its counts kept). */
  async flushAll(): Promise<void> {
    const orgs = [...this.orgs].filter(([, s]) => s.pending.size > 0).map(([org]) => org);
    await Promise.all(
      orgs.map((org) =>
        this.sync(org).catch((err: unknown) => {
          this.opts.logger.warn('flushing request counters failed', {
            organization: org,
            error: String(err),
          });
        }),
      ),
    );
    if (this.now() - this.lastSweep >= SWEEP_EVERY_MS) {
      this.lastSweep = this.now();
      await this.sweep().catch((err: unknown) => {
        this.opts.logger.warn('deleting old activity records failed', { error: String(err) });
      });
    }
  }

  /** Deletes records of days before the retention. */
  async sweep(): Promise<number> {
    const cutoff = daysBefore(dayOf(this.now()), this.opts.retentionDays ?? 90);
    let deleted = 0;
    let after: string | undefined;
    for (;;) {
      const page = await this.opts.internal.list(ACTIVITY_PREFIX, {
        limit: 500,
        ...(after ? { continueAfter: after } : {}),
      });
      const old = page.items.map((r) => r.key).filter((k) => (dayOfKey(k) ?? cutoff) < cutoff);
      if (old.length > 0)
        await this.opts.internal.transact(
          [],
          old.map((k) => ({ delete: k })),
        );
      deleted += old.length;
      after = page.items[page.items.length - 1]?.key;
      if (!page.more || after === undefined) return deleted;
    }
  }

  start(): void {
    const every = this.opts.flushIntervalMs ?? 1000;
    const tick = (): void => {
      if (this.stopped) return;
      this.timer = setTimeout(() => {
        void this.flushAll().finally(tick);
      }, every);
      this.timer.unref();
    };
    tick();
  }

  /** Stops the timer and flushes what is pending. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.flushAll();
  }
}
