/**
 * `x-kubernetes-list-type: set` and `map` uniqueness (apiextensions schema/listtype): the second
 * occurrence of a value (set) or of a key tuple (map) is a `Duplicate value` at its index; a
 * list-type map item must be an object (or null). Missing map keys take their default.
 */
import { child, duplicate, index, invalid, key, type FieldError } from '../validation/field.js';
import { getOwn, hasOwn, isObject } from '../../api/json.js';
import { identity } from './checks.js';
import { additionalOf, defaultOf, itemsOf, propertyOf, stringOf, stringsOf } from './node.js';
import { MAX_SCHEMA_DEPTH, type Schema } from './types.js';

const UNSPECIFIED = '\u0000unspecified';
const NULL_ITEM = '\u0000null';

/** Indices of second occurrences of each identity (kube reports a value once however often it repeats). */
function secondOccurrences(ids: readonly (string | undefined)[]): number[] {
  const seen = new Map<string, number>();
  const out: number[] = [];
  ids.forEach((id, i) => {
    if (id === undefined) return;
    const times = seen.get(id) ?? 0;
    if (times === 1) out.push(i);
    seen.set(id, times + 1);
  });
  return out;
}

function mapKeyIdentity(
  item: unknown,
  keys: readonly string[],
  items: Schema | undefined,
): string | undefined {
  if (item === null) return NULL_ITEM;
  const parts: string[] = [];
  for (const k of keys) {
    const def = items ? defaultOf(propertyOf(items, k)) : undefined;
    const v = hasOwn(item, k) ? getOwn(item, k) : def?.value;
    const id = v === undefined ? UNSPECIFIED : identity(v);
    if (id === undefined) return undefined;
    parts.push(id);
  }
  return JSON.stringify(parts);
}

function validateListMap(list: readonly unknown[], s: Schema, path: string): FieldError[] {
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (item !== null && !isObject(item))
      return [invalid(index(path, i), item, 'must be an object for an array of list-type map')];
  }
  if (list.length <= 1) return [];
  const keys = stringsOf(s, 'x-kubernetes-list-map-keys');
  const items = itemsOf(s);
  const ids = list.map((item) => mapKeyIdentity(item, keys, items));
  return secondOccurrences(ids).map((i) => duplicate(index(path, i), list[i] ?? null));
}

function checkList(x: readonly unknown[], s: Schema, path: string): FieldError[] {
  const listType = stringOf(s, 'x-kubernetes-list-type');
  if (listType === 'map') return validateListMap(x, s, path);
  if (listType !== 'set' || x.length <= 1) return [];
  return secondOccurrences(x.map(identity)).map((i) => duplicate(index(path, i), x[i] ?? null));
}

function walk(x: unknown, s: Schema, path: string, depth: number, errs: FieldError[]): void {
  if (depth > MAX_SCHEMA_DEPTH) return;
  if (Array.isArray(x)) {
    errs.push(...checkList(x, s, path));
    const items = itemsOf(s);
    if (items) for (let i = 0; i < x.length; i++) walk(x[i], items, index(path, i), depth + 1, errs);
    return;
  }
  if (!isObject(x)) return;
  const additional = additionalOf(s);
  if (additional?.kind === 'schema') {
    for (const k of Object.keys(x)) walk(x[k], additional.schema, key(path, k), depth + 1, errs);
  }
  for (const k of Object.keys(x)) {
    const p = propertyOf(s, k);
    if (p) walk(x[k], p, child(path, k), depth + 1, errs);
  }
}

/** Uniqueness errors of every set and map list in `obj`. */
export function validateListTypes(obj: unknown, schema: Schema): FieldError[] {
  const errs: FieldError[] = [];
  walk(obj, schema, '', 0, errs);
  return errs;
}
