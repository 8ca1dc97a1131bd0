/**
 * What of a live object an export keeps: the fields a user wrote. Server-managed metadata (uid,
 * resourceVersion, generation, timestamps, managedFields, owner references, the finalizers
 * orgplane's controllers add), `status` and kubectl's last-applied annotation go. An object that a
 * controller keeps in step with its owner's spec (the `organization-admins` binding of
 * Organization `spec.admins`) is left out whole when its owner is exported: applying the owner makes
 * it again. What a template made once (teams, groups, bindings) is kept, as users change it
 * afterwards, and the Organization's `spec.template` goes: the template filled the spec at creation
 * and its structure is in the bundle, so the bundle applies where that template does not exist.
 */
import { ADMINS_BINDING } from '../../controllers/names.js';
import type { Obj } from '../gitops/objects.js';
import { metadataOf, nameOf } from '../gitops/objects.js';

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

/** Objects a controller keeps in step with their owner's spec: kind and name. */
const DERIVED: readonly (readonly [string, string])[] = [['RoleBinding', ADMINS_BINDING]];

/**
 * True when a controller keeps `o` in step with one of the exported objects (whose uids are given),
 * so applying that object makes `o` again.
 */
export function derivedFromExported(o: Obj, exportedUids: ReadonlySet<string>): boolean {
  const derived = DERIVED.some(([kind, name]) => o.kind === kind && nameOf(o) === name);
  return derived && ownerUids(o).some((u) => exportedUids.has(u));
}

/** The Organization's spec without `template` (see the file comment). */
function specOf(o: Obj): Obj | undefined {
  const spec = o.spec;
  if (o.kind !== 'Organization' || typeof spec !== 'object' || spec === null) return undefined;
  const { template: _template, ...rest } = spec as Obj;
  return rest;
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
  const spec = specOf(o);
  return { ...rest, metadata: meta, ...(spec ? { spec } : {}) };
}

/**
 * The exportable objects of `objects`, stripped: those a controller keeps in step with another
 * object of the same set are left out.
 */
export function stripAll(objects: readonly Obj[]): Obj[] {
  const uids = new Set(
    objects.flatMap((o) => {
      const uid = metadataOf(o).uid;
      return typeof uid === 'string' ? [uid] : [];
    }),
  );
  return objects.filter((o) => !derivedFromExported(o, uids)).map(strip);
}
