/**
 * One organization's counters on one API server, synchronous and in memory: what storage held at
 * the last sync (`shared`, today's record), what this server counted since (`pending`, and
 * `inflight` while a flush of it is under way), and the quota decision over their sum.
 * A server may admit at most `slack` requests per window without syncing: with N servers sharing
 * the quota that bounds the overshoot by N × slack (see quotaSlack).
 */
import { emptyDelta, emptyRecord, sharingServers, type DayRecord, type Delta } from './record.js';
import { dayOf, minuteOf, secondsToEnd, type WindowName } from './windows.js';

export interface RateLimits {
  readonly requestsPerMinute?: number;
  readonly requestsPerDay?: number;
}

export type Decision =
  | { readonly kind: 'admit' }
  | { readonly kind: 'sync' }
  | {
      readonly kind: 'refuse';
      readonly window: WindowName;
      readonly limit: number;
      readonly retryAfter: number;
    };

/** The overshoot allowed per window, 10 % of the limit, split between the servers sharing it. */
export const OVERSHOOT = 0.1;

/**
 * Unsynced admissions a server may make in a window of `limit` when it knows of `servers` servers
 * (itself included) sharing it: 10 % of the limit split between them and one more that may have
 * joined since its last sync, at least 1. The known servers' unsynced admissions, the only ones
 * any server's view can miss, then add up to at most 10 % (k/(k+1) + 1/(k+2) ≤ 1), or to one
 * per server for a limit below 10 × (servers + 1).
 */
export const quotaSlack = (limit: number, servers: number): number =>
  Math.max(1, Math.floor((limit * OVERSHOOT) / (servers + 1)));

export class OrgState {
  /** today's record as of the last sync; undefined until loaded (a quota needs it) */
  shared: DayRecord | undefined;
  sharedDay = '';
  /** servers sharing the quota, as of the last sync */
  private servers = 1;
  /** counted since the last flush, by day */
  readonly pending = new Map<string, Delta>();
  /** being flushed now, by day */
  inflight: Map<string, Delta> | undefined;
  /** users this server already counted today (once each) */
  private seenDay = '';
  private readonly seen = new Set<string>();

  constructor(private readonly serverId: string) {}

  deltaFor(nowMs: number): Delta {
    const day = dayOf(nowMs);
    let d = this.pending.get(day);
    if (!d) this.pending.set(day, (d = emptyDelta(minuteOf(nowMs))));
    return d;
  }

  /** Counts a user once per day and server (the stored set dedupes across servers). */
  noteUser(user: string, nowMs: number, seenCap: number): void {
    const day = dayOf(nowMs);
    if (day !== this.seenDay) {
      this.seen.clear();
      this.seenDay = day;
    }
    if (this.seen.has(user)) return;
    if (this.seen.size < seenCap) this.seen.add(user);
    this.deltaFor(nowMs).users.add(user);
  }

  /** Requests admitted in the minute and day of `nowMs`: shared + inflight + pending, and the unsynced part. */
  admitted(nowMs: number): { minute: number; day: number; unsyncedMinute: number; unsyncedDay: number } {
    const day = dayOf(nowMs);
    const minute = minuteOf(nowMs);
    const rec = this.sharedDay === day && this.shared ? this.shared : emptyRecord();
    let unsyncedMinute = 0;
    let unsyncedDay = 0;
    for (const d of [this.inflight?.get(day), this.pending.get(day)]) {
      if (!d) continue;
      unsyncedDay += d.admitted;
      if (d.minute === minute) unsyncedMinute += d.minuteAdmitted;
    }
    return {
      minute: (rec.minute === minute ? rec.minuteAdmitted : 0) + unsyncedMinute,
      day: rec.admitted + unsyncedDay,
      unsyncedMinute,
      unsyncedDay,
    };
  }

  /** Whether a request may be served now (synchronous: the caller admits at once or syncs first). */
  decide(limits: RateLimits, nowMs: number): Decision {
    if (this.sharedDay !== dayOf(nowMs) || !this.shared) return { kind: 'sync' };
    const a = this.admitted(nowMs);
    const servers = this.servers;
    const checks: [WindowName, number | undefined, number, number][] = [
      ['day', limits.requestsPerDay, a.day, a.unsyncedDay],
      ['minute', limits.requestsPerMinute, a.minute, a.unsyncedMinute],
    ];
    for (const [window, limit, count, unsynced] of checks) {
      if (limit === undefined) continue;
      if (count >= limit) return { kind: 'refuse', window, limit, retryAfter: secondsToEnd(window, nowMs) };
      if (unsynced >= quotaSlack(limit, servers)) return { kind: 'sync' };
    }
    return { kind: 'admit' };
  }

  admit(nowMs: number): void {
    const d = this.deltaFor(nowMs);
    const minute = minuteOf(nowMs);
    if (d.minute !== minute) {
      d.minute = minute;
      d.minuteAdmitted = 0;
    }
    d.admitted++;
    d.minuteAdmitted++;
  }

  /** Moves pending into inflight for a flush; undefined when there is nothing to write. */
  takePending(): Map<string, Delta> | undefined {
    if (this.pending.size === 0) return undefined;
    this.inflight = new Map(this.pending);
    this.pending.clear();
    return this.inflight;
  }

  /** A flush failed: its deltas go back into pending. */
  restoreInflight(): void {
    const back = this.inflight;
    this.inflight = undefined;
    if (!back) return;
    for (const [day, d] of back) {
      const p = this.pending.get(day);
      if (!p) {
        this.pending.set(day, d);
        continue;
      }
      this.pending.set(day, addDelta(d, p));
    }
  }

  /** The record storage holds for `day` after a sync at `nowMs`. */
  setShared(day: string, rec: DayRecord, nowMs: number): void {
    if (day < this.sharedDay) return;
    this.sharedDay = day;
    this.shared = rec;
    this.servers = sharingServers(rec, this.serverId, nowMs);
  }
}

/** Two deltas of one day, `later` counted after `earlier`. */
export function addDelta(earlier: Delta, later: Delta): Delta {
  const out = emptyDelta(later.minute);
  for (const k of ['requests', 'writes', 'denials', 'agentsCreated', 'agentsDeleted', 'admitted'] as const)
    out[k] = earlier[k] + later[k];
  out.minuteAdmitted = later.minuteAdmitted + (earlier.minute === later.minute ? earlier.minuteAdmitted : 0);
  out.users = new Set([...earlier.users, ...later.users]);
  return out;
}
