/**
 * Own-property-only helpers for JSON values, so that no key (not even "__proto__" or
 * "constructor") ever reads or writes through a prototype.
 */
import { unprocessable } from './errors.js';

export type JsonObject = Record<string, unknown>;

/** Deeper documents are refused (a 422), so recursion stays far from the stack limit. */
export const MAX_DEPTH = 1000;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function getOwn(obj: JsonObject, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** Defines key as a plain data property ("__proto__" included). */
export function setOwn(obj: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

export function deleteOwn(obj: JsonObject, key: string): void {
  if (Object.hasOwn(obj, key)) Reflect.deleteProperty(obj, key);
}

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

/** Structural equality of JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown, depth = 0): boolean {
  checkDepth(depth);
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v: unknown, i) => jsonEqual(v, b[i], depth + 1));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k], depth + 1));
}
