/**
 * The patch functions' depth limit (a 422 beyond it) and their depth-checked deep copy; the
 * own-property helpers they use are api/json.ts's.
 */
import { type JsonObject, isObject, setOwn } from '../../api/json.js';
import { unprocessable } from './errors.js';

/** Deeper documents are refused (a 422), so recursion stays far from the stack limit. */
export const MAX_DEPTH = 1000;

export function checkDepth(depth: number): void {
  if (depth > MAX_DEPTH) throw unprocessable(`the document is nested more than ${MAX_DEPTH} levels deep`);
}

/** Deep copy of a JSON value (own enumerable properties; undefined members are dropped). */
export function cloneJson(value: unknown, depth = 0): unknown {
  checkDepth(depth);
  if (Array.isArray(value)) return value.map((v: unknown) => cloneJson(v, depth + 1) ?? null);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    if (v !== undefined) setOwn(out, k, cloneJson(v, depth + 1));
  }
  return out;
}
