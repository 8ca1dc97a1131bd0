/**
 * What of a live object an export keeps: the fields a user wrote. Server-managed metadata (uid,
 * resourceVersion, generation, timestamps, managedFields, owner references, the finalizers
 * orgplane's controllers add), `status` and kubectl's last-applied annotation go; objects that a
 * controller made from another exported object (owned by it) are left out whole, since applying
 * their owner makes them again.
 */
import type { Obj } from '../gitops/objects.js';
import { metadataOf } from '../gitops/objects.js';

const SERVER_METADATA: ReadonlySet<string> = new Set([
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'managedFields',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'selfLink',
  // uids of a fresh server differ: a kept reference would name an object that is not there
  'ownerReferences',
]);

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Finalizers of this prefix are added by orgplane's controllers, which add them again. */
const CONTROLLER_FINALIZER_PREFIX = 'orgplane.io/';

/** The uids the object's owner references point at. */
export function ownerUids(o: Obj): string[] {
  const refs = metadataOf(o).ownerReferences;
  if (!Array.isArray(refs)) return [];
  return refs.flatMap((r: unknown) =>
    typeof r === 'object' && r !== null && 'uid' in r && typeof r.uid === 'string' ? [r.uid] : [],
  );
}

/** True when a controller made `o` from one of the exported objects (whose uids are given). */
export function madeFromExported(o: Obj, exportedUids: ReadonlySet<string>): boolean {
  return ownerUids(o).some((u) => exportedUids.has(u));
}

/** A copy of `o` with everything the server manages removed. */
export function strip(o: Obj): Obj {
  const { status: _status, ...rest } = o;
  const meta: Obj = Object.fromEntries(
    Object.entries(metadataOf(o)).filter(([k]) => !SERVER_METADATA.has(k)),
  );
  const annotations = meta.annotations;
  if (typeof annotations === 'object' && annotations !== null) {
    const kept = Object.fromEntries(Object.entries(annotations).filter(([k]) => k !== LAST_APPLIED));
    if (Object.keys(kept).length > 0) meta.annotations = kept;
    else delete meta.annotations;
  }
  if (Array.isArray(meta.finalizers)) {
    const kept = meta.finalizers.filter(
      (f: unknown) => typeof f !== 'string' || !f.startsWith(CONTROLLER_FINALIZER_PREFIX),
    );
    if (kept.length > 0) meta.finalizers = kept;
    else delete meta.finalizers;
  }
  if (typeof meta.labels === 'object' && meta.labels !== null && Object.keys(meta.labels).length === 0)
    delete meta.labels;
  return { ...rest, metadata: meta };
}

/**
 * The exportable objects of `objects`, stripped: those made by a controller from another object
 * of the same set are left out.
 */
export function stripAll(objects: readonly Obj[]): Obj[] {
  const uids = new Set(
    objects.flatMap((o) => {
      const uid = metadataOf(o).uid;
      return typeof uid === 'string' ? [uid] : [];
    }),
  );
  return objects.filter((o) => !madeFromExported(o, uids)).map(strip);
}
