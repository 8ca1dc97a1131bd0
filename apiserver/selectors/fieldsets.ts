/**
 * Per-kind selectable fields (kube's field label conversion funcs and ToSelectableFields): which
 * field names a kind accepts in a field selector, and how each value is read from an object.
 */
import type { KubeObject } from '../../api/meta.js';
import { type FieldSelector, matchesFields } from './field.js';

export interface FieldSet {
  /** whether a field selector may name this field (else `field label not supported`) */
  supports(field: string): boolean;
  /** the field's value as a selector compares it; undefined reads as "" */
  get(obj: KubeObject, field: string): string | undefined;
}

/** Value at a path of plain-object keys, as a string when it is a string, integer or boolean. */
export function valueAt(obj: unknown, path: readonly string[]): string | undefined {
  let cur: unknown = obj;
  for (const key of path) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur) || !Object.hasOwn(cur, key))
      return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  if (typeof cur === 'string') return cur;
  if (typeof cur === 'boolean' || (typeof cur === 'number' && Number.isInteger(cur))) return String(cur);
  return undefined;
}

/** A field set whose fields are dotted paths into the object, plus optional computed fields. */
function pathFieldSet(
  fields: readonly string[],
  computed: Readonly<Record<string, (obj: KubeObject) => string | undefined>> = {},
): FieldSet {
  const paths = new Map(fields.map((f) => [f, f.split('.')]));
  return {
    supports: (field) => paths.has(field) || Object.hasOwn(computed, field),
    get: (obj, field) => {
      const fn = Object.hasOwn(computed, field) ? computed[field] : undefined;
      if (fn !== undefined) return fn(obj);
      const path = paths.get(field);
      return path === undefined ? undefined : valueAt(obj, path);
    },
  };
}

const metaFields = (namespaced: boolean): string[] =>
  namespaced ? ['metadata.name', 'metadata.namespace'] : ['metadata.name'];

/** Every kind: metadata.name, and metadata.namespace when namespaced. */
export function objectMetaFieldSet(namespaced: boolean): FieldSet {
  return pathFieldSet(metaFields(namespaced));
}

/** core/v1 Namespace: metadata.name, status.phase. */
export const namespaceFieldSet: FieldSet = pathFieldSet(['metadata.name', 'status.phase']);

const INVOLVED_OBJECT = ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'];

/** core/v1 Event: involvedObject.*, reason, reportingComponent, source, type. */
export const eventFieldSet: FieldSet = pathFieldSet(
  [
    ...metaFields(true),
    ...INVOLVED_OBJECT.map((f) => `involvedObject.${f}`),
    'reason',
    'type',
    'reportingComponent',
  ],
  {
    // the source component, falling back to the reporting controller (kube's ToSelectableFields)
    source: (obj) => {
      const component = valueAt(obj, ['source', 'component']) ?? '';
      return component !== '' ? component : valueAt(obj, ['reportingComponent']);
    },
  },
);

/**
 * A custom resource: metadata fields plus the CRD version's `selectableFields` (JSON paths such as
 * ".spec.color", selected as "spec.color"; string, integer and boolean fields).
 */
export function customResourceFieldSet(
  namespaced: boolean,
  selectableJsonPaths: readonly string[],
): FieldSet {
  const extra = selectableJsonPaths.map((p) => p.replace(/^\./, '')).filter((p) => p !== '');
  return pathFieldSet([...metaFields(namespaced), ...extra]);
}

/** matchesFields against an object through a field set. */
export function matchesObjectFields(selector: FieldSelector, obj: KubeObject, fields: FieldSet): boolean {
  return matchesFields(selector, (field) => fields.get(obj, field));
}
