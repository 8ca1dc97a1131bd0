/**
 * The per-value checks of kube-openapi's SchemaValidator, each producing the field error
 * apiextensions-apiserver reports for it (kubeOpenAPIResultToFieldErrors). `name` is
 * kube-openapi's path of the value, which also appears in the messages.
 */
import {
  bodyTypeInvalid,
  invalid,
  notSupported,
  openAPIField,
  tooLong,
  tooMany,
  type FieldError,
} from '../validation/field.js';
import { goFloat, goNumber, tryGoJSON } from '../validation/goformat.js';
import { isGoInt, type GoKind } from '../validation/json.js';
import { isKnownFormat, matchesFormat } from './formats.js';
import { countOf, enumOf, flag, numberOf, stringOf } from './node.js';
import { testPattern } from './pattern.js';
import type { Schema } from './types.js';

const dataFormatOf = (kind: GoKind): string =>
  kind === 'integer' ? 'int64' : kind === 'number' ? 'float64' : '';
const isNumeric = (types: readonly string[]): boolean =>
  types.includes('number') || types.includes('integer');

function checkNull(types: readonly string[], s: Schema, name: string): FieldError | undefined {
  const ok = types.length === 0 || types.includes('null') || flag(s, 'nullable');
  return ok ? undefined : bodyTypeInvalid(name, types.join(','), 'null');
}

/** typeValidator: the JSON type, with kube-openapi's format and number/integer leniencies. */
export function checkType(
  kind: GoKind,
  types: readonly string[],
  format: string,
  s: Schema,
  name: string,
): FieldError | undefined {
  if (kind === 'null') return checkNull(types, s, name);
  const matches = types.includes(kind) || (kind === 'integer' && types.includes('number'));
  const isText = kind === 'string' || kind === 'array';
  if (format !== '') {
    if (!isText && !matches && dataFormatOf(kind) !== format)
      return bodyTypeInvalid(name, format, dataFormatOf(kind));
    if (isText && !isNumeric(types)) return undefined;
  }
  return matches ? undefined : bodyTypeInvalid(name, types.join(','), kind);
}

/** Length in code points, as Go's utf8.RuneCountInString. */
function runeCount(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** stringValidator: maxLength, then minLength, then pattern; only the first failure counts. */
export function checkString(value: string, s: Schema, name: string): FieldError | undefined {
  const field = openAPIField(name);
  const max = countOf(s, 'maxLength');
  const min = countOf(s, 'minLength');
  if (max !== undefined || min !== undefined) {
    const len = runeCount(value);
    if (max !== undefined && len > max) return tooLong(field, max);
    if (min !== undefined && len < min)
      return invalid(field, value, `${name} in body should be at least ${min} chars long`);
  }
  const pattern = stringOf(s, 'pattern');
  if (pattern === undefined || pattern === '') return undefined;
  const r = testPattern(pattern, value);
  if (r === true) return undefined;
  const shown = r === false ? pattern : `${pattern}, but pattern is invalid: ${r.error}`;
  return invalid(field, value, `${name} in body should match '${shown}'`);
}

/** formatValidator: a known format's value check, reported as a type error. */
export function checkFormat(value: string, format: string, name: string): FieldError | undefined {
  if (format === '' || !isKnownFormat(format) || matchesFormat(format, value)) return undefined;
  return bodyTypeInvalid(name, format, value);
}

/** Go's int64(float) conversion for bounds compared against int64 values. */
const toInt64 = (f: number): number => Math.max(-(2 ** 63), Math.min(2 ** 63 - 1, Math.trunc(f)));

function bound(value: number, limit: number, exclusive: boolean, lower: boolean): string | undefined {
  const asInt = isGoInt(value);
  const l = asInt ? toInt64(limit) : limit;
  const fails = lower ? (exclusive ? value <= l : value < l) : exclusive ? value >= l : value > l;
  if (!fails) return undefined;
  const shown = asInt ? goNumber(l) : goFloat(l);
  const rel = lower
    ? exclusive
      ? 'greater than'
      : 'greater than or equal to'
    : exclusive
      ? 'less than'
      : 'less than or equal to';
  return `${rel} ${shown}`;
}

/** numberValidator: minimum then maximum; integers compare against the truncated bound. */
export function checkNumber(value: number, s: Schema, name: string): FieldError[] {
  const errs: FieldError[] = [];
  const min = numberOf(s, 'minimum');
  const max = numberOf(s, 'maximum');
  const low = min === undefined ? undefined : bound(value, min, flag(s, 'exclusiveMinimum'), true);
  const high = max === undefined ? undefined : bound(value, max, flag(s, 'exclusiveMaximum'), false);
  if (low) errs.push(invalid(openAPIField(name), value, `${name} in body should be ${low}`));
  if (high) errs.push(invalid(openAPIField(name), value, `${name} in body should be ${high}`));
  return errs;
}

/** sliceValidator's bounds: minItems, maxItems, uniqueItems. */
export function checkItems(value: readonly unknown[], s: Schema, name: string): FieldError[] {
  const errs: FieldError[] = [];
  const field = openAPIField(name);
  const min = countOf(s, 'minItems');
  const max = countOf(s, 'maxItems');
  if (min !== undefined && value.length < min)
    errs.push(invalid(field, value.length, `${name} in body should have at least ${min} items`));
  if (max !== undefined && value.length > max) errs.push(tooMany(field, value.length, max));
  if (flag(s, 'uniqueItems')) {
    const seen = new Set<string | undefined>();
    const dup = value.some((v) => {
      const k = identity(v);
      return k !== undefined && (seen.has(k) || !seen.add(k));
    });
    if (dup) errs.push(invalid(field, '', `${name} in body shouldn't contain duplicates`));
  }
  return errs;
}

/** A key equal for deeply equal JSON values; undefined when the value cannot be rendered. */
export function identity(v: unknown): string | undefined {
  if (typeof v === 'string') return `s${v}`;
  if (typeof v === 'number' || typeof v === 'boolean') return `${typeof v}${String(v)}`;
  const j = tryGoJSON(v);
  return j === undefined ? undefined : `j${j}`;
}

/** commonValidator: enum membership; a null never matches, as in kube-openapi. */
export function checkEnum(value: unknown, s: Schema, name: string): FieldError | undefined {
  const values = enumOf(s);
  if (values === undefined) return undefined;
  if (value !== null && value !== undefined) {
    const k = identity(value);
    if (k !== undefined && values.some((e) => identity(e) === k)) return undefined;
  }
  const shown = values.map((e) => (typeof e === 'string' ? e : (tryGoJSON(e) ?? '')));
  return notSupported(openAPIField(name), value ?? null, shown);
}
