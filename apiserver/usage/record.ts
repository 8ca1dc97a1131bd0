/**
 * One organization's counters for one UTC day, as stored (an internal record at
 * /orgplane/activity/<org>/<YYYY-MM-DD>): the activity numbers, the requests admitted against
 * the quota today and in the record's current minute, the day's user names (bounded) and the API
 * servers that wrote it lately (how many share the quota, for the overshoot bound). Every API
 * server adds its unflushed deltas with a compare-and-swap (see merge), so the record is the sum.
 */
import { internalKey } from '../registry/keys.js';

/** Distinct users kept by name per organization and day; past it new users are only counted. */
export const USERS_CAP = 1000;
/** A server that has not written for this long no longer counts as sharing the quota. */
export const SERVER_TTL_MS = 120_000;

export interface ActivityCounts {
  requests: number;
  writes: number;
  denials: number;
  agentsCreated: number;
  agentsDeleted: number;
}

export interface DayRecord extends ActivityCounts {
  /** requests admitted against the quota this day */
  admitted: number;
  /** the epoch minute `minuteAdmitted` counts */
  minute: number;
  minuteAdmitted: number;
  users: string[];
  /** distinct users past USERS_CAP (each server counts a name once) */
  extraUsers: number;
  /** server id → epoch ms of its last write */
  servers: Record<string, number>;
}

/** What one server adds to a day's record: counts since its last flush. */
export interface Delta extends ActivityCounts {
  admitted: number;
  minute: number;
  minuteAdmitted: number;
  users: Set<string>;
}

export const ACTIVITY_PREFIX = internalKey('activity', '');

export const activityKey = (org: string, day: string): string => internalKey('activity', org, day);

/** The org's records' prefix (its days in date order). */
export const organizationPrefix = (org: string): string => activityKey(org, '');

/** The date of a record key, or undefined for a key of another shape. */
export function dayOfKey(key: string): string | undefined {
  const m = /\/(\d{4}-\d{2}-\d{2})$/.exec(key);
  return m?.[1];
}

export const emptyCounts = (): ActivityCounts => ({
  requests: 0,
  writes: 0,
  denials: 0,
  agentsCreated: 0,
  agentsDeleted: 0,
});

export const emptyRecord = (): DayRecord => ({
  ...emptyCounts(),
  admitted: 0,
  minute: 0,
  minuteAdmitted: 0,
  users: [],
  extraUsers: 0,
  servers: {},
});

export const emptyDelta = (minute: number): Delta => ({
  ...emptyCounts(),
  admitted: 0,
  minute,
  minuteAdmitted: 0,
  users: new Set(),
});

const count = (v: unknown): number => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : 0);

/** A stored value read back; anything malformed reads as zero. */
export function parseRecord(value: string | undefined): DayRecord {
  const out = emptyRecord();
  if (value === undefined) return out;
  let raw: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed !== 'object' || parsed === null) return out;
    raw = parsed as Record<string, unknown>;
  } catch {
    return out;
  }
  for (const k of ['requests', 'writes', 'denials', 'agentsCreated', 'agentsDeleted'] as const)
    out[k] = count(raw[k]);
  out.admitted = count(raw.admitted);
  out.minute = count(raw.minute);
  out.minuteAdmitted = count(raw.minuteAdmitted);
  out.extraUsers = count(raw.extraUsers);
  if (Array.isArray(raw.users))
    out.users = raw.users.filter((u): u is string => typeof u === 'string').slice(0, USERS_CAP);
  if (typeof raw.servers === 'object' && raw.servers !== null)
    for (const [id, at] of Object.entries(raw.servers)) out.servers[id] = count(at);
  return out;
}

/** The record with `d` added by server `serverId` at `nowMs`. */
export function merge(rec: DayRecord, d: Delta, serverId: string, nowMs: number): DayRecord {
  const out: DayRecord = { ...rec, users: [...rec.users], servers: {} };
  for (const k of ['requests', 'writes', 'denials', 'agentsCreated', 'agentsDeleted', 'admitted'] as const)
    out[k] = rec[k] + d[k];
  if (d.minute > rec.minute) {
    out.minute = d.minute;
    out.minuteAdmitted = d.minuteAdmitted;
  } else if (d.minute === rec.minute) out.minuteAdmitted = rec.minuteAdmitted + d.minuteAdmitted;
  const known = new Set(rec.users);
  for (const u of d.users) {
    if (known.has(u)) continue;
    if (out.users.length < USERS_CAP) out.users.push(u);
    else out.extraUsers++;
  }
  for (const [id, at] of Object.entries(rec.servers)) if (nowMs - at < SERVER_TTL_MS) out.servers[id] = at;
  out.servers[serverId] = nowMs;
  return out;
}

/** Servers sharing the quota: those that wrote lately, `serverId` included. */
export function sharingServers(rec: DayRecord, serverId: string, nowMs: number): number {
  const others = Object.entries(rec.servers).filter(
    ([id, at]) => id !== serverId && nowMs - at < SERVER_TTL_MS,
  );
  return others.length + 1;
}

export const activeUsers = (rec: DayRecord): number => rec.users.length + rec.extraUsers;
