/**
 * Object semantics shared by every kind (kube's rest.BeforeCreate/BeforeUpdate and the CRD
 * strategy): identity and timestamps are server-owned, generation counts spec changes only, and
 * the main resource and the status subresource each keep the other's half.
 */
import { randomUUID } from 'node:crypto';
import { copyJson, jsonEqual } from '../../api/json.js';
import { rfc3339Seconds } from '../../api/time.js';
import type { KubeObject, ObjectMeta } from '../../api/meta.js';
import type { ResourceInfo } from '../../api/resource.js';

/** kube's RFC 3339 with second precision: 2026-11-22T00:28:23Z */
export function timestamp(now: Date): string {
  return rfc3339Seconds(now.getTime());
}

/** Fields of ObjectMeta that a client may not set or change. */
function clearServerOwned(meta: ObjectMeta): void {
  delete meta.uid;
  delete meta.resourceVersion;
  delete meta.creationTimestamp;
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  delete meta.generation;
}

export function prepareForCreate(res: ResourceInfo, obj: KubeObject, now: Date): void {
  clearServerOwned(obj.metadata);
  obj.metadata.uid = randomUUID();
  obj.metadata.creationTimestamp = timestamp(now);
  obj.metadata.generation = 1;
  if (res.statusSubresource) delete obj.status;
}

/** Everything but metadata and status: what "spec changed" means for generation. */
function specPart(obj: KubeObject): Record<string, unknown> {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = obj;
  return rest;
}

/**
 * Shape `obj` (the client's desired object) into the object to store over `old`.
 * subresource 'status' keeps everything of old except status; the main resource keeps old status
 * when the kind has a status subresource.
 */
export function prepareForUpdate(
  res: ResourceInfo,
  obj: KubeObject,
  old: KubeObject,
  subresource: string,
): KubeObject {
  let next: KubeObject;
  if (subresource === 'status') {
    next = { ...copyJson(old), status: obj.status };
    if (obj.status === undefined) delete next.status;
    next.metadata.managedFields = obj.metadata.managedFields ?? old.metadata.managedFields ?? [];
    if (next.metadata.managedFields.length === 0) delete next.metadata.managedFields;
  } else {
    next = obj;
    if (res.statusSubresource) {
      if (old.status === undefined) delete next.status;
      else next.status = copyJson(old.status);
    }
  }
  const meta = next.metadata;
  clearServerOwned(meta);
  const oldMeta = old.metadata;
  if (oldMeta.resourceVersion !== undefined) meta.resourceVersion = oldMeta.resourceVersion;
  if (oldMeta.uid !== undefined) meta.uid = oldMeta.uid;
  if (oldMeta.creationTimestamp !== undefined) meta.creationTimestamp = oldMeta.creationTimestamp;
  if (oldMeta.deletionTimestamp !== undefined) meta.deletionTimestamp = oldMeta.deletionTimestamp;
  if (oldMeta.deletionGracePeriodSeconds !== undefined)
    meta.deletionGracePeriodSeconds = oldMeta.deletionGracePeriodSeconds;
  settleGeneration(next, old);
  return next;
}

/** generation = old generation, plus one when anything but metadata and status changed. */
export function settleGeneration(next: KubeObject, old: KubeObject): void {
  const gen = old.metadata.generation ?? 1;
  next.metadata.generation = jsonEqual(specPart(next), specPart(old)) ? gen : gen + 1;
}

/** Empty (or null) labels, annotations, finalizers and ownerReferences are omitted, as kube's omitempty does. */
export function dropEmptyMetadata(obj: KubeObject): void {
  const meta = obj.metadata;
  const empty = (v: unknown): boolean =>
    Array.isArray(v) ? v.length === 0 : typeof v === 'object' && (v === null || Object.keys(v).length === 0);
  if (empty(meta.labels)) delete meta.labels;
  if (empty(meta.annotations)) delete meta.annotations;
  if (empty(meta.finalizers)) delete meta.finalizers;
  if (empty(meta.ownerReferences)) delete meta.ownerReferences;
}

/**
 * True when two objects differ in anything but resourceVersion and managedFields timestamps:
 * a write that changes nothing else is skipped (kube does not bump resourceVersion for no-ops).
 */
export function meaningfullyChanged(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject): KubeObject => {
    const { managedFields, resourceVersion: _rv, ...meta } = o.metadata;
    const mf = (managedFields ?? []).map(({ time: _t, ...entry }) => entry);
    return { ...o, metadata: { ...meta, ...(mf.length > 0 ? { managedFields: mf } : {}) } };
  };
  return !jsonEqual(strip(a), strip(b));
}
