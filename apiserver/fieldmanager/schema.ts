/**
 * How a value is tracked, read from a CRD structural schema the way kube converts one for
 * structured-merge-diff: objects are granular (per field) unless `x-kubernetes-map-type: atomic`;
 * arrays are atomic unless `x-kubernetes-list-type` is `set` (items by value) or `map` (items by
 * `x-kubernetes-list-map-keys`); anything the schema does not describe is "deduced" from the
 * value: objects granular, arrays atomic. `metadata` always has ObjectMeta's shape.
 */
import type { JSONSchemaProps } from '../../api/crd.js';
import { getOwn, isObject } from '../../api/json.js';
import { keyPE, valuePE } from './pathelement.js';

/** A schema node, or 'deduced' for values no schema describes. */
export type TypeRef = JSONSchemaProps | 'deduced';

export interface FieldType {
  readonly ref: TypeRef;
  /** a declared struct field (kube "named field"), as opposed to a map key */
  readonly named: boolean;
}

export type Atom =
  | { readonly kind: 'leaf' }
  | { readonly kind: 'map'; readonly field: (name: string) => FieldType }
  | {
      readonly kind: 'list';
      readonly item: TypeRef;
      readonly element: (item: unknown) => string | undefined;
    };

const LEAF: Atom = { kind: 'leaf' };
const str: JSONSchemaProps = { type: 'string' };
const int: JSONSchemaProps = { type: 'integer' };
const stringMap: JSONSchemaProps = { type: 'object', additionalProperties: str };

/** ObjectMeta as kube's OpenAPI models it for field management. */
const OBJECT_META: JSONSchemaProps = {
  type: 'object',
  'x-kubernetes-preserve-unknown-fields': true,
  properties: {
    name: str,
    generateName: str,
    namespace: str,
    selfLink: str,
    uid: str,
    resourceVersion: str,
    generation: int,
    creationTimestamp: str,
    deletionTimestamp: str,
    deletionGracePeriodSeconds: int,
    labels: stringMap,
    annotations: stringMap,
    finalizers: { type: 'array', items: str, 'x-kubernetes-list-type': 'set' },
    ownerReferences: {
      type: 'array',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['uid'],
      items: {
        type: 'object',
        properties: {
          apiVersion: str,
          kind: str,
          name: str,
          uid: str,
          controller: { type: 'boolean' },
          blockOwnerDeletion: { type: 'boolean' },
        },
      },
    },
    managedFields: { type: 'array', items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
  },
};

/** The type of a whole object: the kind's schema with apiVersion, kind and ObjectMeta filled in. */
export function rootType(schema: JSONSchemaProps | undefined): TypeRef {
  const declared = schema && isObject(schema.properties) ? schema.properties : {};
  return {
    type: 'object',
    'x-kubernetes-preserve-unknown-fields': true,
    properties: { ...declared, apiVersion: str, kind: str, metadata: OBJECT_META },
  };
}

const DEDUCED_FIELD: FieldType = { ref: 'deduced', named: false };
const deducedMap: Atom = { kind: 'map', field: () => DEDUCED_FIELD };

function mapAtom(s: JSONSchemaProps): Atom {
  if (s['x-kubernetes-map-type'] === 'atomic') return LEAF;
  const props = isObject(s.properties) ? s.properties : undefined;
  const extra = s.additionalProperties;
  const extraField: FieldType = isObject(extra) ? { ref: extra, named: false } : DEDUCED_FIELD;
  return {
    kind: 'map',
    field: (name) => {
      const p = props ? getOwn(props, name) : undefined;
      return isObject(p) ? { ref: p, named: true } : extraField;
    },
  };
}

function keyValue(item: Record<string, unknown>, key: string, itemSchema: TypeRef): unknown {
  const v = getOwn(item, key);
  if (v !== undefined && v !== null) return v;
  if (itemSchema === 'deduced' || !isObject(itemSchema.properties)) return undefined;
  const prop = getOwn(itemSchema.properties, key);
  return isObject(prop) ? (prop as JSONSchemaProps).default : undefined;
}

function listAtom(s: JSONSchemaProps): Atom {
  const item: TypeRef = isObject(s.items) ? s.items : 'deduced';
  const listType = s['x-kubernetes-list-type'];
  if (listType === 'set')
    return { kind: 'list', item, element: (v) => (v === undefined ? undefined : valuePE(v)) };
  const keys = s['x-kubernetes-list-map-keys'];
  if (listType !== 'map' || !Array.isArray(keys) || keys.length === 0) return LEAF;
  const names = keys.filter((k): k is string => typeof k === 'string');
  const element = (v: unknown): string | undefined => {
    if (!isObject(v)) return undefined;
    const fields: [string, unknown][] = [];
    for (const k of names) {
      const kv = keyValue(v, k, item);
      if (kv === undefined || kv === null) return undefined;
      fields.push([k, kv]);
    }
    return keyPE(fields);
  };
  return { kind: 'list', item, element };
}

/** How to walk `value` of type `ref`; shape mismatches are the walkers' business. */
export function resolve(ref: TypeRef, value: unknown): Atom {
  if (ref === 'deduced') return isObject(value) ? deducedMap : LEAF;
  if (ref['x-kubernetes-int-or-string'] === true) return LEAF;
  const t = ref.type;
  if (t === 'array' || (t === undefined && ref.items !== undefined)) return listAtom(ref);
  if (
    t === 'object' ||
    (t === undefined && (ref.properties !== undefined || ref.additionalProperties !== undefined))
  )
    return mapAtom(ref);
  if (t === undefined) return isObject(value) ? deducedMap : LEAF;
  return LEAF;
}

export interface IndexedList {
  /** the element of each item, undefined where it has none (e.g. a missing key field) */
  readonly elements: readonly (string | undefined)[];
  readonly complete: boolean;
  readonly duplicates: boolean;
}

export function indexList(atom: Atom & { kind: 'list' }, items: readonly unknown[]): IndexedList {
  const seen = new Set<string>();
  let complete = true;
  let duplicates = false;
  const elements = items.map((item) => {
    const pe = atom.element(item);
    if (pe === undefined) complete = false;
    else if (seen.has(pe)) duplicates = true;
    else seen.add(pe);
    return pe;
  });
  return { elements, complete, duplicates };
}
