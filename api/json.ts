/**
 * The one set of helpers over decoded JSON values, for every layer: total (hostile keys such as
 * "__proto__" or "constructor", and wrong types, never throw or reach a prototype), reading own
 * properties only and writing own data properties only.
 */

export type JsonObject = Record<string, unknown>;

/** A plain JSON object: not null, not an array. */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `v` when it is a JSON object, else an empty one (for reading untrusted input defensively). */
export function objectOr(v: unknown): JsonObject {
  return isObject(v) ? v : {};
}

/** The own property `key` of `obj`, or undefined (never an inherited member). */
export function getOwn(obj: unknown, key: string): unknown {
  return typeof obj === 'object' && obj !== null && Object.hasOwn(obj, key)
    ? (obj as JsonObject)[key]
    : undefined;
}

/** Sets `key` as an own data property ("__proto__" included, defined rather than assigned). */
export function setOwn(obj: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

export function hasOwn(obj: unknown, key: string): boolean {
  return typeof obj === 'object' && obj !== null && Object.hasOwn(obj, key);
}

export function deleteOwn(obj: JsonObject, key: string): void {
  if (Object.hasOwn(obj, key)) Reflect.deleteProperty(obj, key);
}

/**
 * Equality of JSON values: key order and undefined members ignored, prototypes not compared (a
 * decoded body and a structured clone of a stored object may come from different realms).
 * Callers bound the depth (request bodies are refused beyond 1000 levels).
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v: unknown, i) => jsonEqual(v, b[i]));
  }
  const ra = a as JsonObject;
  const rb = b as JsonObject;
  const ka = Object.keys(ra).filter((k) => ra[k] !== undefined);
  const kb = Object.keys(rb).filter((k) => rb[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(rb, k) && jsonEqual(ra[k], rb[k]));
}

/**
 * A deep copy, as structuredClone makes it, several times faster for decoded JSON (the write
 * pipeline copies an object or two per write): plain objects and arrays are copied here, own
 * enumerable members only, "__proto__" as data and undefined members kept; any other object (a
 * Date from a YAML body, a Buffer) is handed to structuredClone. Recursive: callers pass values of
 * bounded depth (request bodies are refused beyond their nesting limit).
 */
export function copyJson<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.map((x: unknown) => copyJson(x)) as T;
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return structuredClone(v);
  const src = v as JsonObject;
  const out: JsonObject = {};
  for (const k in src) if (Object.hasOwn(src, k)) setOwn(out, k, copyJson(src[k]));
  return out as T;
}
