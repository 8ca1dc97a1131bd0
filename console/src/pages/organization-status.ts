/** The one-word status of an Organization the list shows, and its quota rows. */
import type { Organization } from '../api/types';

export function organizationStatus(org: Organization): string {
  if (org.metadata.deletionTimestamp !== undefined || org.status?.phase === 'Terminating')
    return 'Terminating';
  if (org.spec?.suspended === true || org.status?.phase === 'Suspended') return 'Suspended';
  const ready = org.status?.conditions?.find((c) => c.type === 'Ready');
  if (ready?.status === 'True') return 'Ready';
  return ready?.reason ? `Not ready (${ready.reason})` : 'Not ready';
}

export interface QuotaUse {
  readonly key: string;
  readonly used: number;
  readonly max: number;
}

/** One row per key of spec.quota, sorted, with status.usage (0 when not counted yet). */
export function quotaUses(org: Organization): QuotaUse[] {
  const quota = org.spec?.quota ?? {};
  return Object.keys(quota)
    .sort()
    .map((key) => ({ key, used: org.status?.usage?.[key] ?? 0, max: quota[key] ?? 0 }));
}
