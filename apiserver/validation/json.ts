/**
 * How Go's unstructured decoding would type decoded JSON values, and safe copies and text helpers
 *
 * Every helper is total: hostile keys (`__proto__`, `constructor`), cyclic or absurdly deep values
 * and wrong types never throw. Reads only see own properties; writes define own properties, so a
 * `__proto__` key is data, never a prototype change.
 */
import { type JsonObject, isObject, setOwn } from '../../api/json.js';

/** Go's view of a decoded JSON value (kube-openapi's schemaInfoForType). */
export type GoKind = 'null' | 'boolean' | 'integer' | 'number' | 'string' | 'array' | 'object';

const INT64_LIMIT = 2 ** 63;

/** True for numbers Go would decode as int64 rather than float64. */
export function isGoInt(n: number): boolean {
  return Number.isInteger(n) && Math.abs(n) < INT64_LIMIT;
}

export function goKind(v: unknown): GoKind {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return isGoInt(v) ? 'integer' : 'number';
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

/** Compares strings by code point, as Go compares UTF-8 byte strings. */
export function compareGoStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i) ?? 0;
    const cb = b.codePointAt(i) ?? 0;
    if (ca !== cb) return ca < cb ? -1 : 1;
    if (ca > 0xffff) i++;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

const MAX_CLONE_DEPTH = 512;

function cloneDeep(v: unknown, depth: number): unknown {
  if (depth > MAX_CLONE_DEPTH) throw new RangeError('value too deep');
  if (Array.isArray(v)) return v.map((x) => cloneDeep(x, depth + 1));
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const k of Object.keys(v)) setOwn(out, k, cloneDeep(v[k], depth + 1));
    return out;
  }
  return v;
}

/** Deep copy of a JSON value; undefined when it is nested too deeply (or cyclic) to copy. */
export function cloneJson(v: unknown): unknown {
  try {
    return cloneDeep(v, 0);
  } catch {
    return undefined;
  }
}

/** Removes lone UTF-16 surrogates the way Go's JSON decoder does (each becomes U+FFFD). */
export function wellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** UTF-8 length in bytes (Go's len(string)). */
export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** The code points of a string (Go's []rune). */
export function codePoints(s: string): string[] {
  const out: string[] = [];
  for (const ch of s) out.push(ch);
  return out;
}
