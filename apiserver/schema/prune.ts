/**
 * Structural pruning, as apiextensions-apiserver does it (pkg/apiserver/schema/pruning): fields
 * the schema does not declare are removed, except under `x-kubernetes-preserve-unknown-fields`;
 * `additionalProperties` makes a map; arrays follow `items`. At the resource root, and in every
 * `x-kubernetes-embedded-resource`, apiVersion, kind and metadata are not pruned by the schema:
 * metadata loses the keys ObjectMeta does not have instead.
 *
 * Returned paths are kube's unknown-field paths, in kube's order: root metadata fields first, then
 * the pruned fields sorted, then embedded objects' metadata fields sorted.
 */
import { index } from '../validation/field.js';
import { compareGoStrings } from '../validation/json.js';
import { deleteOwn, getOwn, isObject, type JsonObject } from '../../api/json.js';
import { additionalOf, isEmbedded, itemsOf, preservesUnknown, propertyOf } from './node.js';
import { pruneObjectMeta } from './prune-meta.js';
import { MAX_SCHEMA_DEPTH, type Schema } from './types.js';

const META_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

interface PruneState {
  readonly pruned: string[];
  readonly embeddedMeta: string[];
}

const join = (path: string, k: string): string => (path === '' ? k : `${path}.${k}`);

/** The schema for the value under key `k`: its property, the map's value schema, or none. */
function childSchema(s: Schema, k: string): { found: boolean; schema: Schema | undefined } {
  const p = propertyOf(s, k);
  if (p) return { found: true, schema: p };
  const a = additionalOf(s);
  if (a === undefined) return { found: false, schema: undefined };
  return { found: true, schema: a.kind === 'schema' ? a.schema : undefined };
}

function embeddedMeta(
  x: Record<string, unknown>,
  s: Schema,
  path: string,
  root: boolean,
  st: PruneState,
): void {
  if (!root && isEmbedded(s))
    st.embeddedMeta.push(...pruneObjectMeta(getOwn(x, 'metadata'), join(path, 'metadata')));
}

function pruneObject(
  x: JsonObject,
  s: Schema | undefined,
  path: string,
  depth: number,
  st: PruneState,
): void {
  const keepMeta = s !== undefined && (depth === 0 || isEmbedded(s));
  for (const k of Object.keys(x)) {
    if (keepMeta && META_FIELDS.has(k)) continue;
    const c = s ? childSchema(s, k) : { found: false, schema: undefined };
    if (c.found) {
      prune(x[k], c.schema, join(path, k), depth + 1, st);
      continue;
    }
    if (!META_FIELDS.has(k) || path !== '') st.pruned.push(join(path, k));
    deleteOwn(x, k);
  }
  if (s) embeddedMeta(x, s, path, depth === 0, st);
}

function prune(x: unknown, s: Schema | undefined, path: string, depth: number, st: PruneState): void {
  if (depth > MAX_SCHEMA_DEPTH) return;
  if (s && preservesUnknown(s)) skipPrune(x, s, path, depth, st);
  else if (isObject(x)) pruneObject(x, s, path, depth, st);
  else if (Array.isArray(x)) {
    const items = s ? itemsOf(s) : undefined;
    for (let i = 0; i < x.length; i++) prune(x[i], items, index(path, i), depth + 1, st);
  }
}

/** Under preserve-unknown-fields: nothing is removed here, but declared children are pruned. */
function skipPrune(x: unknown, s: Schema | undefined, path: string, depth: number, st: PruneState): void {
  if (!s || depth > MAX_SCHEMA_DEPTH) return;
  if (Array.isArray(x)) {
    const items = itemsOf(s);
    for (let i = 0; i < x.length; i++) skipPrune(x[i], items, index(path, i), depth + 1, st);
    return;
  }
  if (!isObject(x)) return;
  const root = depth === 0;
  for (const k of Object.keys(x)) {
    if ((root || isEmbedded(s)) && META_FIELDS.has(k)) continue;
    const c = childSchema(s, k);
    if (c.found) prune(x[k], c.schema, join(path, k), depth + 1, st);
  }
  embeddedMeta(x, s, path, root, st);
}

/**
 * Removes from `obj` every field `schema` does not allow and returns their paths, e.g.
 * `spec.colour`, `spec.tools[0].foo`, `metadata.foo`. Without a schema only metadata is pruned.
 */
export function pruneUnknown(obj: unknown, schema: Schema | undefined): string[] {
  if (!isObject(obj)) return [];
  const metaPaths = pruneObjectMeta(getOwn(obj, 'metadata'), 'metadata');
  if (schema === undefined || !isObject(schema)) return metaPaths;
  const st: PruneState = { pruned: [], embeddedMeta: [] };
  prune(obj, schema, '', 0, st);
  return [...metaPaths, ...st.pruned.sort(compareGoStrings), ...st.embeddedMeta.sort(compareGoStrings)];
}
