/**
 * Which part of an object a write may own. Kinds with a status subresource split in two: the main
 * resource owns everything but `status`, the `status` subresource owns only `status` (kube's
 * reset fields). `metadata.managedFields` is never part of the tracked view, and the fields kube's
 * StripMetaManager drops (apiVersion, kind, name, namespace, uid, ...) are owned by nobody.
 */
import type { KubeObject } from '../../api/meta.js';
import { difference, fromPaths, type FieldSet } from './fieldset.js';
import { getOwn, isObject, setOwn, type JsonObject } from '../../api/json.js';

export interface Scope {
  /** the kind has a status subresource */
  readonly statusSubresource: boolean;
  /** '' for the main resource, else the subresource written ('status') */
  readonly subresource: string;
}

const statusOnly = (s: Scope): boolean => s.subresource === 'status';
const withoutStatus = (s: Scope): boolean => !statusOnly(s) && s.statusSubresource;

const META_UNOWNED = [
  'name',
  'namespace',
  'uid',
  'selfLink',
  'clusterName',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'generation',
  'resourceVersion',
  'managedFields',
];

/** Paths that no manager owns, and that pruning never removes. */
export const UNOWNED: FieldSet = fromPaths([
  ['f:apiVersion'],
  ['f:kind'],
  ['f:metadata'],
  ...META_UNOWNED.map((f) => ['f:metadata', `f:${f}`]),
]);

export function stripUnowned(s: FieldSet): FieldSet {
  return difference(s, UNOWNED);
}

/** The tracked part of `obj` (shallow copies; `obj` is not modified). */
export function trackedView(obj: JsonObject, scope: Scope): JsonObject {
  if (statusOnly(scope)) {
    const status = getOwn(obj, 'status');
    return status === undefined ? {} : { status };
  }
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'status' && withoutStatus(scope)) continue;
    if (k === 'metadata' && isObject(v)) {
      const { managedFields: _mf, ...meta } = v;
      setOwn(out, k, meta);
    } else {
      setOwn(out, k, v);
    }
  }
  return out;
}

/** Puts a tracked view back together with the untracked part of `live`. */
export function restoreView(view: JsonObject, live: KubeObject | undefined, scope: Scope): JsonObject {
  if (statusOnly(scope)) {
    const out: JsonObject = { ...(live ?? {}) };
    delete out.status;
    const status = getOwn(view, 'status');
    if (status !== undefined) out.status = status;
    return out;
  }
  const out: JsonObject = { ...view };
  if (withoutStatus(scope)) {
    delete out.status;
    if (live?.status !== undefined) out.status = live.status;
  }
  return out;
}
