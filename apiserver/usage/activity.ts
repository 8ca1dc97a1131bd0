/**
 * GET /apis/orgplane.io/v1alpha1/organizations/NAME/activity?days=N (get handler key
 * 'orgplane.io/organizations/activity'): the organization's OrganizationActivity for the last N
 * UTC days (1 to 90, default 7), newest first, from its stored day records plus what this server
 * has not flushed yet. Authorized as `get organizations/activity` (in the organization's namespace).
 */
import {
  ACTIVITY_API_VERSION,
  ACTIVITY_DEFAULT_DAYS,
  ACTIVITY_KIND,
  ACTIVITY_MAX_DAYS,
  type DayActivity,
  type OrganizationActivity,
} from '../../api/activity.js';
import { badRequest } from '../errors/status.js';
import type { HandlerContext } from '../handlers/context.js';
import { sendJson } from '../http/respond.js';
import type { CounterStorage, UsageCounters } from './counters.js';
import { dayOfKey, organizationPrefix, parseRecord, type DayRecord, type Delta } from './record.js';
import { dayOf, daysBefore } from './windows.js';

/** The `days` parameter: an integer from 1 to ACTIVITY_MAX_DAYS, default ACTIVITY_DEFAULT_DAYS. */
export function daysParam(v: string | undefined): number {
  if (v === undefined || v === '') return ACTIVITY_DEFAULT_DAYS;
  const n = /^[0-9]{1,3}$/.test(v) ? Number(v) : NaN;
  if (!(n >= 1 && n <= ACTIVITY_MAX_DAYS))
    throw badRequest(`days must be an integer from 1 to ${String(ACTIVITY_MAX_DAYS)}, got "${v}"`, [
      {
        reason: 'FieldValueInvalid',
        message: `must be from 1 to ${String(ACTIVITY_MAX_DAYS)}`,
        field: 'days',
      },
    ]);
  return n;
}

/** One day's numbers: the stored record plus this server's unflushed delta. */
export function dayActivity(date: string, rec: DayRecord, extra: Delta | undefined): DayActivity {
  const known = new Set(rec.users);
  const newUsers = extra ? [...extra.users].filter((u) => !known.has(u)).length : 0;
  return {
    date,
    requests: rec.requests + (extra?.requests ?? 0),
    writes: rec.writes + (extra?.writes ?? 0),
    denials: rec.denials + (extra?.denials ?? 0),
    activeUsers: rec.users.length + rec.extraUsers + newUsers,
    agentsCreated: rec.agentsCreated + (extra?.agentsCreated ?? 0),
    agentsDeleted: rec.agentsDeleted + (extra?.agentsDeleted ?? 0),
  };
}

/** The organization's activity over `days` days ending today, newest first. */
export async function organizationActivity(
  deps: { readonly internal: CounterStorage; readonly counters: UsageCounters },
  org: string,
  days: number,
): Promise<OrganizationActivity> {
  const today = dayOf(deps.counters.now());
  const oldest = daysBefore(today, days - 1);
  const stored = new Map<string, DayRecord>();
  const page = await deps.internal.list(organizationPrefix(org));
  for (const r of page.items) {
    const day = dayOfKey(r.key);
    if (day !== undefined && day >= oldest) stored.set(day, parseRecord(r.value));
  }
  const out: DayActivity[] = [];
  for (let i = 0; i < days; i++) {
    const day = daysBefore(today, i);
    out.push(dayActivity(day, stored.get(day) ?? parseRecord(undefined), deps.counters.unflushed(org, day)));
  }
  return { apiVersion: ACTIVITY_API_VERSION, kind: ACTIVITY_KIND, organization: org, days: out };
}

export function activityHandler(deps: {
  readonly internal: CounterStorage;
  readonly counters: UsageCounters;
}) {
  return async (ctx: HandlerContext): Promise<void> => {
    const days = daysParam(ctx.query.days);
    await ctx.store.get('', ctx.info.name);
    sendJson(ctx.resp, 200, await organizationActivity(deps, ctx.info.name, days));
  };
}
