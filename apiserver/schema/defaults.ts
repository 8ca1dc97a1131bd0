/**
 * Structural defaulting, as apiextensions-apiserver does it (pkg/apiserver/schema/defaulting):
 *
 * 1. PruneNonNullableNullsWithoutDefaults: a null where the schema is not nullable and has no
 *    default is dropped (the field counts as absent).
 * 2. Default: a property that is absent, or null and not nullable, gets a deep copy of its
 *    default; then defaulting recurses into every property (defaults included), map value and
 *    list item. A null map value or list item of a non-nullable schema gets the default too.
 *
 * Parents are never created: `spec.colour: {default: blue}` only applies when `spec` exists, unless
 * `spec` itself has a default. The result does not depend on key order, so re-applying the
 * same object gives the same result (no drift).
 */
import { cloneJson } from '../validation/json.js';
import { deleteOwn, isObject, setOwn, type JsonObject } from '../../api/json.js';
import { additionalOf, defaultOf, flag, itemsOf, propertyNames, propertyOf } from './node.js';
import { MAX_SCHEMA_DEPTH, type Schema } from './types.js';

const nullable = (s: Schema): boolean => flag(s, 'nullable');

/** The schema for map key `k`: its property, else the additionalProperties schema. */
function childSchema(s: Schema, k: string): Schema | undefined {
  const p = propertyOf(s, k);
  if (p) return p;
  const a = additionalOf(s);
  return a?.kind === 'schema' ? a.schema : undefined;
}

function pruneNulls(x: unknown, s: Schema, depth: number): void {
  if (depth > MAX_SCHEMA_DEPTH) return;
  if (Array.isArray(x)) {
    const items = itemsOf(s);
    if (items) for (const v of x) pruneNulls(v, items, depth + 1);
    return;
  }
  if (!isObject(x)) return;
  for (const k of Object.keys(x)) {
    const c = childSchema(s, k);
    if (!c) continue;
    if (x[k] === null && !nullable(c) && defaultOf(c) === undefined) deleteOwn(x, k);
    else pruneNulls(x[k], c, depth + 1);
  }
}

/** Sets x[k] to a copy of the default, when the copy can be made. */
function assignDefault(x: JsonObject | unknown[], k: string | number, def: { value: unknown }): void {
  const copy = cloneJson(def.value);
  if (copy === undefined) return;
  if (Array.isArray(x)) x[k as number] = copy;
  else setOwn(x, String(k), copy);
}

function defaultObject(x: JsonObject, s: Schema, depth: number): void {
  for (const name of propertyNames(s)) {
    const p = propertyOf(s, name);
    const def = defaultOf(p);
    if (!p || !def) continue;
    const absent = !Object.prototype.hasOwnProperty.call(x, name);
    if (absent || (x[name] === null && !nullable(p))) assignDefault(x, name, def);
  }
  const a = additionalOf(s);
  for (const k of Object.keys(x)) {
    const p = propertyOf(s, k);
    if (p) {
      defaultValue(x[k], p, depth + 1);
    } else if (a?.kind === 'schema') {
      const old = x[k];
      const def = defaultOf(a.schema);
      if (old === null && !nullable(a.schema) && def) assignDefault(x, k, def);
      defaultValue(old, a.schema, depth + 1);
    }
  }
}

function defaultValue(x: unknown, s: Schema, depth: number): void {
  if (depth > MAX_SCHEMA_DEPTH) return;
  if (Array.isArray(x)) {
    const items = itemsOf(s);
    if (!items) return;
    const def = defaultOf(items);
    x.forEach((v, i) => {
      if (v === null && !nullable(items) && def) assignDefault(x, i, def);
      defaultValue(v, items, depth + 1);
    });
  } else if (isObject(x)) {
    defaultObject(x, s, depth);
  }
}

/** Applies the schema's defaults to `obj` in place (see the module comment for the rules). */
export function applyDefaults(obj: unknown, schema: Schema | undefined): void {
  if (schema === undefined || !isObject(schema)) return;
  pruneNulls(obj, schema, 0);
  defaultValue(obj, schema, 0);
}
