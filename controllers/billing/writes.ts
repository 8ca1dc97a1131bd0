/**
 * Organization writes of the billing controller, each a merge patch through the API. Customer ids
 * merge into status.billing unconditionally (nothing else writes them); condition lists and
 * finalizer lists replace whole lists, so those patches carry the resourceVersion they were
 * computed from and are recomputed on a fresh read when someone wrote in between.
 */
import type { Condition } from '../../api/meta.js';
import type { Organization } from '../../api/organization.js';
import type { ApiClient } from '../runtime/client.js';
import { isConflict } from '../runtime/errors.js';
import { ORGANIZATIONS } from '../runtime/resources.js';

const ATTEMPTS = 5;

export async function mergeStatus(
  client: ApiClient,
  name: string,
  status: Record<string, unknown>,
): Promise<Organization> {
  return client.mergePatch<Organization>(
    ORGANIZATIONS,
    name,
    undefined,
    { status },
    { subresource: 'status' },
  );
}

/**
 * Read the organization, let `change` return the status fields to merge (or undefined: nothing
 * to do), write them guarded by the read's resourceVersion; on a conflict start over. Resolves
 * with the latest organization, or undefined when it is gone.
 */
export async function updateStatus(
  client: ApiClient,
  name: string,
  change: (org: Organization) => Record<string, unknown> | undefined,
): Promise<Organization | undefined> {
  for (let attempt = 1; ; attempt++) {
    const org = await client.get<Organization>(ORGANIZATIONS, name);
    if (!org) return undefined;
    const status = change(org);
    if (status === undefined) return org;
    try {
      return await client.mergePatch<Organization>(
        ORGANIZATIONS,
        name,
        undefined,
        { metadata: { resourceVersion: org.metadata.resourceVersion }, status },
        { subresource: 'status' },
      );
    } catch (err) {
      if (!isConflict(err) || attempt >= ATTEMPTS) throw err;
    }
  }
}

/** Set metadata.finalizers to `finalizers(current)` (guarded by resourceVersion, retried on conflict). */
export async function updateFinalizers(
  client: ApiClient,
  org: Organization,
  finalizers: (current: readonly string[]) => string[],
): Promise<Organization | undefined> {
  let current: Organization | undefined = org;
  for (let attempt = 1; current; attempt++) {
    const before = current.metadata.finalizers ?? [];
    const after = finalizers(before);
    if (after.length === before.length && after.every((f, i) => f === before[i])) return current;
    try {
      return await client.mergePatch<Organization>(ORGANIZATIONS, current.metadata.name ?? '', undefined, {
        metadata: { resourceVersion: current.metadata.resourceVersion, finalizers: after },
      });
    } catch (err) {
      if (!isConflict(err) || attempt >= ATTEMPTS) throw err;
    }
    current = await client.get<Organization>(ORGANIZATIONS, current.metadata.name ?? '');
  }
  return undefined;
}

export const cloneConditions = (org: Organization): Condition[] =>
  structuredClone((org.status?.conditions ?? []) as Condition[]);
