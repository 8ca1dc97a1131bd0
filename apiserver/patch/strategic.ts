/**
 * A strategic merge patch applied with JSON merge semantics, for built-in kinds (Namespace) that
 * kubectl patches strategically. Maps merge and null deletes, as in a merge patch; the directives
 * are honoured without a schema:
 *   - `$patch: replace` in a map replaces the map; `$patch: delete` removes it;
 *   - `$retainKeys: [...]` clears the target's other keys before merging;
 *   - `$deleteFromPrimitiveList/<field>: [...]` removes those values from a list of scalars;
 *   - `$setElementOrder/<field>` and other `$` keys are dropped;
 *   - a list element `{$patch: replace}` makes the other elements replace the list.
 * Lists named in `mergeLists` merge element-wise (by merge key, or as a set for scalars; an
 * element with `$patch: delete` removes its match); every other list is replaced, as in a merge
 * patch. Never mutates its inputs; only PatchError is thrown.
 */
import { badRequest, goJsonType, unprocessable } from './errors.js';
import { checkDepth, cloneJson } from './json.js';
import { type JsonObject, deleteOwn, getOwn, isObject, jsonEqual, setOwn } from '../../api/json.js';

export interface StrategicMergeOptions {
  /** dotted field path → patch merge key, or '' for a list of scalars merged as a set */
  readonly mergeLists?: Readonly<Record<string, string>>;
}

/** ObjectMeta's and conditions' patchStrategy "merge" lists (k8s.io/api struct tags). */
export const OBJECT_META_MERGE_LISTS: Readonly<Record<string, string>> = {
  'metadata.finalizers': '',
  'metadata.ownerReferences': 'uid',
  'status.conditions': 'type',
};

const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList/';

type MapResult = JsonObject | 'deleted';

interface Context {
  readonly mergeLists: ReadonlyMap<string, string>;
}

const childPath = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);
const isDirective = (v: unknown, d: string): boolean => isObject(v) && getOwn(v, '$patch') === d;
const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string');

function directiveOf(patch: JsonObject): 'merge' | 'replace' | 'delete' {
  const d = getOwn(patch, '$patch');
  if (d === undefined || d === 'merge' || d === 'replace' || d === 'delete') return d ?? 'merge';
  // the value is not quoted: a patch of a Secret may carry its values anywhere
  throw unprocessable('unknown patch type in map: $patch must be merge, replace or delete');
}

function applyPrimitiveDeletions(base: JsonObject, patch: JsonObject): void {
  for (const [key, values] of Object.entries(patch)) {
    if (!key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) continue;
    if (!Array.isArray(values)) throw unprocessable(`${key} must be a list`);
    const field = key.slice(DELETE_FROM_PRIMITIVE_LIST.length);
    const current = getOwn(base, field);
    if (Array.isArray(current)) {
      setOwn(
        base,
        field,
        current.filter((x: unknown) => !values.some((v: unknown) => jsonEqual(v, x))),
      );
    }
  }
}

function applyRetainKeys(base: JsonObject, patch: JsonObject): void {
  const retain = getOwn(patch, '$retainKeys');
  if (retain === undefined) return;
  if (!isStringArray(retain)) throw unprocessable('$retainKeys must be a list of strings');
  for (const key of Object.keys(base)) if (!retain.includes(key)) deleteOwn(base, key);
}

/** target is our own copy (or unrelated to the inputs): it may be modified in place. */
function mergeMap(target: unknown, patch: JsonObject, path: string, ctx: Context, depth: number): MapResult {
  checkDepth(depth);
  const directive = directiveOf(patch);
  if (directive === 'delete') return 'deleted';
  const base: JsonObject = directive === 'merge' && isObject(target) ? target : {};
  applyRetainKeys(base, patch);
  applyPrimitiveDeletions(base, patch);
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$') || value === undefined) continue;
    if (value === null) {
      deleteOwn(base, key);
    } else if (isObject(value)) {
      const merged = mergeMap(getOwn(base, key), value, childPath(path, key), ctx, depth + 1);
      if (merged === 'deleted') deleteOwn(base, key);
      else setOwn(base, key, merged);
    } else if (Array.isArray(value)) {
      setOwn(base, key, mergeList(getOwn(base, key), value, childPath(path, key), ctx, depth + 1));
    } else {
      setOwn(base, key, value);
    }
  }
  return base;
}

/** A patch value placed where nothing is merged with it: directives stripped, nulls dropped. */
function fresh(value: unknown, path: string, ctx: Context, depth: number): unknown {
  if (isObject(value)) {
    const m = mergeMap(undefined, value, path, ctx, depth);
    return m === 'deleted' ? undefined : m;
  }
  return Array.isArray(value) ? mergeList(undefined, value, path, ctx, depth) : value;
}

function mergeKeyed(
  base: unknown[],
  items: readonly unknown[],
  key: string,
  path: string,
  ctx: Context,
  depth: number,
): unknown[] {
  let out = [...base];
  for (const item of items) {
    if (!isObject(item) || !Object.hasOwn(item, key)) {
      throw unprocessable(`map does not contain declared merge key: ${key}`);
    }
    const matches = (x: unknown): boolean => isObject(x) && jsonEqual(getOwn(x, key), item[key]);
    if (isDirective(item, 'delete')) {
      out = out.filter((x) => !matches(x));
      continue;
    }
    const i = out.findIndex(matches);
    const merged = i >= 0 ? mergeMap(out[i], item, path, ctx, depth + 1) : fresh(item, path, ctx, depth + 1);
    if (i >= 0) out[i] = merged;
    else out.push(merged);
  }
  return out;
}

function mergeList(
  target: unknown,
  patch: readonly unknown[],
  path: string,
  ctx: Context,
  depth: number,
): unknown[] {
  checkDepth(depth);
  const replaceAll = patch.some((e) => isDirective(e, 'replace'));
  const items = patch.filter((e) => !isDirective(e, 'replace'));
  const mergeKey = ctx.mergeLists.get(path);
  const base: unknown[] = Array.isArray(target) && !replaceAll ? target : [];
  if (mergeKey === undefined || replaceAll) {
    return items
      .filter((e) => !isDirective(e, 'delete'))
      .map((e) => fresh(e, path, ctx, depth + 1))
      .filter((e) => e !== undefined);
  }
  if (mergeKey !== '') return mergeKeyed(base, items, mergeKey, path, ctx, depth);
  const out = [...base];
  for (const item of items) {
    if (!out.some((x) => jsonEqual(x, item))) out.push(fresh(item, path, ctx, depth + 1));
  }
  return out;
}

/** Applies a strategic merge patch (the parsed request body) to a copy of target. */
export function strategicMergePatchAsMerge(
  target: unknown,
  patch: unknown,
  options: StrategicMergeOptions = {},
): JsonObject {
  if (!isObject(patch)) {
    throw badRequest(
      `json: cannot unmarshal ${goJsonType(patch)} into Go value of type map[string]interface {}`,
    );
  }
  const ctx: Context = { mergeLists: new Map(Object.entries(options.mergeLists ?? OBJECT_META_MERGE_LISTS)) };
  const result = mergeMap(cloneJson(target), patch, '', ctx, 0);
  return result === 'deleted' ? {} : result;
}
