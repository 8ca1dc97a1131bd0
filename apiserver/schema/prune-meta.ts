/**
 * Unknown fields of ObjectMeta. kube decodes metadata into the typed ObjectMeta, so keys it does
 * not know (also inside ownerReferences and managedFields entries) are dropped and reported as
 * `metadata.foo`, `metadata.ownerReferences[0].foo`. Go re-encodes the map before decoding, so the
 * decoder meets keys in sorted order; the reported paths follow that order.
 */
import { child, index } from '../validation/field.js';
import { compareGoStrings } from '../validation/json.js';
import { deleteOwn, isObject, type JsonObject } from '../../api/json.js';

const OBJECT_META_FIELDS = new Set([
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation',
  'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations',
  'ownerReferences', 'finalizers', 'managedFields',
]); // prettier-ignore
const OWNER_REFERENCE_FIELDS = new Set([
  'apiVersion',
  'kind',
  'name',
  'uid',
  'controller',
  'blockOwnerDeletion',
]);
const MANAGED_FIELDS_ENTRY_FIELDS = new Set([
  'manager', 'operation', 'apiVersion', 'time', 'fieldsType', 'fieldsV1', 'subresource',
]); // prettier-ignore

/** Removes keys of `obj` outside `known`; recurses into the lists ObjectMeta types. */
function pruneStruct(obj: JsonObject, known: ReadonlySet<string>, path: string, out: string[]): void {
  for (const k of Object.keys(obj).sort(compareGoStrings)) {
    if (!known.has(k)) {
      out.push(child(path, k));
      deleteOwn(obj, k);
      continue;
    }
    const list = obj[k];
    const itemFields =
      known === OBJECT_META_FIELDS && k === 'ownerReferences'
        ? OWNER_REFERENCE_FIELDS
        : known === OBJECT_META_FIELDS && k === 'managedFields'
          ? MANAGED_FIELDS_ENTRY_FIELDS
          : undefined;
    if (itemFields && Array.isArray(list)) {
      list.forEach((item, i) => {
        if (isObject(item)) pruneStruct(item, itemFields, index(child(path, k), i), out);
      });
    }
  }
}

/**
 * Removes the unknown fields of the metadata object at `path` (e.g. `metadata`,
 * `spec.template.metadata`) and returns their paths. Anything but an object is left alone.
 */
export function pruneObjectMeta(meta: unknown, path: string): string[] {
  const out: string[] = [];
  if (isObject(meta)) pruneStruct(meta, OBJECT_META_FIELDS, path, out);
  return out;
}
