/**
 * Field ownership's JSON helpers beside api/json.ts: copying (undefined members dropped, a
 * "__proto__" key kept as data), a depth check that every entry point runs before recursing, and
 * Go's encoding/json canonical form (sorted keys, HTML-safe escapes), which kube uses in path
 * elements and the last-applied annotation.
 */
import { type JsonObject, isObject, setOwn } from '../../api/json.js';

/** Objects deeper than this are refused before any recursive walk (kube objects stay far below). */
export const MAX_DEPTH = 100;

/** A deep copy that drops undefined members and keeps "__proto__" keys as data. */
export function deepClone<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x: unknown) => deepClone(x)) as T;
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) if (x !== undefined) setOwn(out, k, deepClone(x));
  return out as T;
}

/**
 * True when `v` nests objects/arrays deeper than `limit` levels. Recursive but bounded: it never
 * goes more than `limit` frames down, and allocates nothing (it runs on every write).
 */
export function exceedsDepth(v: unknown, limit = MAX_DEPTH): boolean {
  if (typeof v !== 'object' || v === null) return false;
  if (limit <= 0) return true;
  if (Array.isArray(v)) {
    for (const x of v) if (exceedsDepth(x, limit - 1)) return true;
    return false;
  }
  for (const k in v) if (Object.hasOwn(v, k) && exceedsDepth((v as JsonObject)[k], limit - 1)) return true;
  return false;
}

const HTML_UNSAFE = /[<>&\u2028\u2029]/g;
const goEscape = (s: string): string =>
  s.replace(HTML_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** JSON as Go's json.Marshal writes a map[string]interface{}: keys sorted, <>& escaped. */
export function goJSON(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map((x: unknown) => goJSON(x ?? null)).join(',')}]`;
  if (isObject(v)) {
    const keys = Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort(compareStrings);
    return `{${keys.map((k) => `${goEscape(JSON.stringify(k))}:${goJSON(v[k])}`).join(',')}}`;
  }
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : 'null';
  if (typeof v === 'string' || typeof v === 'boolean') return goEscape(JSON.stringify(v));
  return 'null';
}

/** Byte-wise order of Go's strings.Compare (for the ASCII keys kube uses). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
