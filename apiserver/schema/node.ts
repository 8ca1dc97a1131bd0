/**
 * Defensive reads of schema keywords. A schema may come from any CRD author, so each accessor
 * returns a well-typed value or undefined and never follows inherited members (a property named
 * `constructor` or `__proto__` is just a property).
 */
import { getOwn, hasOwn, isObject } from '../../api/json.js';
import type { Additional, Schema } from './types.js';

export const asSchema = (v: unknown): Schema | undefined => (isObject(v) ? v : undefined);

/** The schema of property `name`, if declared. */
export function propertyOf(s: Schema, name: string): Schema | undefined {
  const props = getOwn(s, 'properties');
  return hasOwn(props, name) ? asSchema(getOwn(props, name)) : undefined;
}

/** Declared property names, in schema order. */
export function propertyNames(s: Schema): string[] {
  const props = getOwn(s, 'properties');
  return isObject(props) ? Object.keys(props) : [];
}

export const itemsOf = (s: Schema): Schema | undefined => asSchema(getOwn(s, 'items'));

export function additionalOf(s: Schema): Additional {
  const a = getOwn(s, 'additionalProperties');
  if (isObject(a)) return { kind: 'schema', schema: a };
  return a === true ? { kind: 'any' } : undefined;
}

export const flag = (s: Schema, name: string): boolean => getOwn(s, name) === true;

export const preservesUnknown = (s: Schema): boolean => flag(s, 'x-kubernetes-preserve-unknown-fields');
export const isEmbedded = (s: Schema): boolean => flag(s, 'x-kubernetes-embedded-resource');

/** A finite number keyword (minimum, maximum). */
export function numberOf(s: Schema, name: string): number | undefined {
  const v = getOwn(s, name);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** A non-negative integer keyword (maxLength, minItems, ...). */
export function countOf(s: Schema, name: string): number | undefined {
  const v = getOwn(s, name);
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
}

export function stringOf(s: Schema, name: string): string | undefined {
  const v = getOwn(s, name);
  return typeof v === 'string' ? v : undefined;
}

export function stringsOf(s: Schema, name: string): string[] {
  const v = getOwn(s, name);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

const NO_SCHEMAS: readonly Schema[] = Object.freeze([]);

/** The schemas of a list keyword (anyOf, oneOf, allOf); asked of every node, most have none. */
export function schemasOf(s: Schema, name: string): readonly Schema[] {
  const v = getOwn(s, name);
  return Array.isArray(v) ? v.map(asSchema).filter((x): x is Schema => x !== undefined) : NO_SCHEMAS;
}

/** The `enum` values, or undefined when there is no (non-empty) enum. */
export function enumOf(s: Schema): unknown[] | undefined {
  const v = getOwn(s, 'enum');
  return Array.isArray(v) && v.length > 0 ? v : undefined;
}

/** The default value, when the schema has one (a null default counts as none, as in kube). */
export function defaultOf(s: Schema | undefined): { value: unknown } | undefined {
  if (s === undefined || !hasOwn(s, 'default')) return undefined;
  const v = getOwn(s, 'default');
  return v === null || v === undefined ? undefined : { value: v };
}

/** The types kube validates against: int-or-string means integer or string. */
export function typesOf(s: Schema): string[] {
  if (flag(s, 'x-kubernetes-int-or-string')) return ['integer', 'string'];
  const t = stringOf(s, 'type');
  return t ? [t] : [];
}

const STRING_FORMATS = new Set([
  'bsonobjectid', 'uri', 'email', 'hostname', 'ipv4', 'ipv6', 'cidr', 'mac', 'uuid', 'uuid3', 'uuid4', 'uuid5',
  'isbn', 'isbn10', 'isbn13', 'creditcard', 'ssn', 'hexcolor', 'rgbcolor', 'byte', 'password', 'date',
  'duration', 'datetime', 'quantity', 'k8sshortname', 'k8slongname',
]); // prettier-ignore

/** go-openapi's format name normalisation: `date-time` → `datetime`. */
export const normalizeFormat = (f: string): string => f.replace(/-/g, '');

/**
 * The format kube keeps after StripUnsupportedFormats: supported string formats, int32/int64 on
 * integers, float/double on numbers; anything else is dropped ('').
 */
export function formatOf(s: Schema, types: readonly string[]): string {
  const f = stringOf(s, 'format') ?? '';
  if (f === '') return '';
  const t = types.length === 1 ? types[0] : '';
  if (t === '' || t === 'string') return STRING_FORMATS.has(normalizeFormat(f)) ? f : '';
  if (t === 'integer') return f === 'int32' || f === 'int64' ? f : '';
  if (t === 'number') return f === 'float' || f === 'double' ? f : '';
  return '';
}
