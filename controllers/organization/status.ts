/** The Organization status the organization controller writes: phase, Ready, observedGeneration. */
import type { Condition } from '../../api/meta.js';
import type { OrganizationStatus } from '../../api/organization.js';
import { setStatusCondition } from '../runtime/conditions.js';
import type { Organization } from '../types.js';

export interface ReadyInput {
  readonly status: Condition['status'];
  readonly reason: string;
  readonly message: string;
}

/** Computes the next status from the current one (copied, never modified in place). */
export function nextStatus(
  org: Organization,
  phase: NonNullable<OrganizationStatus['phase']>,
  ready: ReadyInput,
  nowMs: number,
): OrganizationStatus {
  const status: OrganizationStatus = structuredClone(org.status ?? {});
  const conditions = status.conditions ?? [];
  const generation = org.metadata.generation;
  setStatusCondition(conditions, { type: 'Ready', ...ready, observedGeneration: generation }, nowMs);
  return {
    ...status,
    phase,
    conditions,
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
  };
}
