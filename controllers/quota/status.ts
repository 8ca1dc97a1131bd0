/**
 * The Organization status the quota controller writes (status.usage and the QuotaExceeded
 * condition, whose reason records the usage band) and the Events of an upward band crossing.
 */
import type { OrganizationStatus } from '../../api/organization.js';
import { setStatusCondition } from '../runtime/conditions.js';
import type { EventSink, Organization } from '../types.js';
import { BAND_REASON, OVER_QUOTA_REASON, type Assessment } from './usage.js';

export const QUOTA_CONDITION = 'QuotaExceeded';

/** The next status (a copy): usage as given, QuotaExceeded from the assessment. */
export function quotaStatus(
  org: Organization,
  usage: Record<string, number>,
  v: Assessment,
  nowMs: number,
): OrganizationStatus {
  const status: OrganizationStatus = structuredClone(org.status ?? {});
  const conditions = status.conditions ?? [];
  const generation = org.metadata.generation;
  const condition = v.exceeded
    ? { status: 'True' as const, reason: OVER_QUOTA_REASON, message: `usage is above quota: ${v.detail}` }
    : {
        status: 'False' as const,
        reason: BAND_REASON[v.band],
        message: v.band === 0 ? 'usage is below 80% of every quota' : `usage is close to quota: ${v.detail}`,
      };
  setStatusCondition(
    conditions,
    { type: QUOTA_CONDITION, ...condition, observedGeneration: generation },
    nowMs,
  );
  return { ...status, usage, conditions };
}

/** QuotaExceeded (100 %) or QuotaWarning (80 %), once per upward crossing. */
export function recordCrossing(events: EventSink, org: Organization, v: Assessment): void {
  if (v.band === 2)
    events.event(
      org,
      'Warning',
      'QuotaExceeded',
      `Quota ${v.exceeded ? 'exceeded' : 'reached'}: ${v.detail}`,
    );
  else events.event(org, 'Warning', 'QuotaWarning', `Quota 80% used: ${v.detail}`);
}
