/**
 * status.conditions helpers (apimachinery meta/conditions.go): setting a condition that is
 * already so changes nothing; lastTransitionTime moves only when status changes.
 */
import type { Condition } from '../../api/meta.js';
import { metaTime } from './clock.js';

export interface ConditionInput {
  readonly type: string;
  readonly status: Condition['status'];
  readonly reason: string;
  readonly message: string;
  readonly observedGeneration?: number | undefined;
}

export function findStatusCondition(
  conditions: readonly Condition[] | undefined,
  type: string,
): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

export function isStatusConditionTrue(conditions: readonly Condition[] | undefined, type: string): boolean {
  return findStatusCondition(conditions, type)?.status === 'True';
}

/**
 * Sets the condition in conditions (in place, like SetStatusCondition). nowMs stamps
 * lastTransitionTime when the condition is new or its status changes. Returns whether anything changed.
 */
export function setStatusCondition(conditions: Condition[], input: ConditionInput, nowMs: number): boolean {
  const existing = conditions.find((c) => c.type === input.type);
  if (!existing) {
    conditions.push({
      type: input.type,
      status: input.status,
      ...(input.observedGeneration !== undefined ? { observedGeneration: input.observedGeneration } : {}),
      lastTransitionTime: metaTime(nowMs),
      reason: input.reason,
      message: input.message,
    });
    return true;
  }
  let changed = false;
  if (existing.status !== input.status) {
    existing.status = input.status;
    existing.lastTransitionTime = metaTime(nowMs);
    changed = true;
  }
  if (existing.reason !== input.reason) {
    existing.reason = input.reason;
    changed = true;
  }
  if (existing.message !== input.message) {
    existing.message = input.message;
    changed = true;
  }
  if (input.observedGeneration !== undefined && existing.observedGeneration !== input.observedGeneration) {
    existing.observedGeneration = input.observedGeneration;
    changed = true;
  }
  return changed;
}

/** Removes the condition of the given type; returns whether it was there. */
export function removeStatusCondition(conditions: Condition[], type: string): boolean {
  const i = conditions.findIndex((c) => c.type === type);
  if (i < 0) return false;
  conditions.splice(i, 1);
  return true;
}
