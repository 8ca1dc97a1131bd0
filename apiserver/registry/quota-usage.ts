/**
 * Usage arithmetic of quota records (see QuotaCharge): `spec.quota[key]` caps, `status.usage[key]`
 * counts. Values that are not finite numbers count as unset; counts are whole and never negative.
 */
import { copyJson } from '../../api/json.js';
import type { KubeObject } from '../../api/meta.js';
import type { QuotaCharge } from '../admission/types.js';

export type Counts = Record<string, number>;

export function countsOf(obj: KubeObject, section: 'spec' | 'status', field: 'quota' | 'usage'): Counts {
  const part = obj[section];
  if (typeof part !== 'object' || part === null) return {};
  const m = (part as Record<string, unknown>)[field];
  return typeof m === 'object' && m !== null ? (m as Counts) : {};
}

export const asCount = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? Math.max(0, Math.floor(v)) : undefined;

/** The limit a record sets on a usage key, undefined when the key is not tracked. */
export function limitOf(record: KubeObject, usageKey: string): number | undefined {
  return asCount(countsOf(record, 'spec', 'quota')[usageKey]);
}

/** The usage a record has recorded for a key, undefined when none yet. */
export function recordedUsage(record: KubeObject, usageKey: string): number | undefined {
  return asCount(countsOf(record, 'status', 'usage')[usageKey]);
}

/** A copy of the record with `status.usage` updated by `changes`; nothing else differs. */
export function withUsage(record: KubeObject, changes: Counts): KubeObject {
  const next = copyJson(record);
  const status =
    typeof next.status === 'object' && next.status !== null ? (next.status as Record<string, unknown>) : {};
  status['usage'] = { ...countsOf(next, 'status', 'usage'), ...changes };
  next.status = status;
  return next;
}

/**
 * The usage after one charge, starting from `current` (the recorded or already-updated count);
 * `refused` when a create would pass the limit. A delete from an unrecorded usage changes
 * nothing (the quota controller's recount sets it).
 */
export async function applyCharge(
  charge: QuotaCharge,
  limit: number,
  current: number | undefined,
): Promise<{ readonly value?: number; readonly refused?: Error }> {
  if (charge.delta < 0) return current === undefined || current === 0 ? {} : { value: current - 1 };
  const used = current ?? (await charge.count());
  if (used + 1 > limit) return { refused: charge.exceeded(used, limit) };
  return { value: used + 1 };
}
