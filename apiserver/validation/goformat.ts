/**
 * Go's formatting of values, as kube-apiserver's messages print them: strconv.Quote (`%q`), `%v` of
 * int64/float64, and encoding/json's Marshal (sorted map keys, HTML-safe escapes). Field errors
 * render their bad value with these, so our messages match kube's byte for byte.
 */
import { compareGoStrings, isGoInt, wellFormed } from './json.js';
import { isObject } from '../../api/json.js';

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** unicode.IsPrint for one code point (given as its string). */
export const isGoPrintable = (ch: string): boolean => PRINTABLE.test(ch);
const SHORT_ESCAPES: Readonly<Record<number, string>> = {
  7: '\\a',
  8: '\\b',
  9: '\\t',
  10: '\\n',
  11: '\\v',
  12: '\\f',
  13: '\\r',
};

function escapeRune(cp: number): string {
  const short = SHORT_ESCAPES[cp];
  if (short !== undefined) return short;
  const hex = cp.toString(16);
  if (cp < 0x20 || cp === 0x7f) return `\\x${hex.padStart(2, '0')}`;
  if (cp < 0x10000) return `\\u${hex.padStart(4, '0')}`;
  return `\\U${hex.padStart(8, '0')}`;
}

/** strconv.Quote: Go's `%q` of a string. */
export function goQuote(s: string): string {
  let out = '"';
  for (const raw of s) {
    const cp = raw.codePointAt(0) ?? 0xfffd;
    const ch = cp >= 0xd800 && cp <= 0xdfff ? '\ufffd' : raw;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (cp >= 0x20 && cp < 0x7f) out += ch;
    else if (ch === '\ufffd' || PRINTABLE.test(ch)) out += ch;
    else out += escapeRune(cp);
  }
  return `${out}"`;
}

/** Shortest `%g` digits of a finite, non-zero magnitude laid out as Go's `%v` does. */
function layoutFloat(abs: number): string {
  const [mant = '0', expText = '0'] = abs.toExponential().split('e');
  const digits = mant.replace('.', '');
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const frac = digits.length > 1 ? `.${digits.slice(1)}` : '';
    return `${digits[0] ?? '0'}${frac}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `0.${'0'.repeat(-exp - 1)}${digits}`;
  const frac = digits.slice(exp + 1);
  return digits.slice(0, exp + 1).padEnd(exp + 1, '0') + (frac ? `.${frac}` : '');
}

/** Go's `%v` (shortest `%g`) of a float64: 1e+06, 0.5, 1.5e-05, 123456. */
export function goFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  return (f < 0 ? '-' : '') + layoutFloat(Math.abs(f));
}

/** Go's `%v` of a decoded JSON number: int64 in decimal, float64 in shortest `%g`. */
export function goNumber(n: number): string {
  if (isGoInt(n)) return n === 0 ? '0' : BigInt(n).toString();
  return goFloat(n);
}

const MAX_JSON_DEPTH = 1000;
const JSON_HTML_ESCAPES: Readonly<Record<string, string>> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

function jsonString(s: string): string {
  return JSON.stringify(wellFormed(s)).replace(/[<>&\u2028\u2029]/g, (c) => JSON_HTML_ESCAPES[c] ?? c);
}

function jsonNumber(n: number): string {
  if (!Number.isFinite(n)) return goFloat(n);
  return n === 0 ? '0' : String(n);
}

function marshal(v: unknown, depth: number): string {
  if (depth > MAX_JSON_DEPTH) throw new RangeError('value too deep');
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return jsonString(v);
  if (typeof v === 'number') return jsonNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${v.map((x) => marshal(x, depth + 1)).join(',')}]`;
  if (v instanceof Map) {
    const parts = [...(v as Map<unknown, unknown>)].map(
      ([k, x]) => `${jsonString(String(k))}:${marshal(x, depth + 1)}`,
    );
    return `{${parts.join(',')}}`;
  }
  if (isObject(v)) {
    const keys = Object.keys(v).sort(compareGoStrings);
    return `{${keys.map((k) => `${jsonString(k)}:${marshal(v[k], depth + 1)}`).join(',')}}`;
  }
  return 'null';
}

/**
 * encoding/json.Marshal of a decoded JSON value: object keys sorted as Go sorts map keys, `<>&`
 * escaped. A Map renders in insertion order (a Go struct's field order). Values too deep to
 * render come back as the placeholder Go's own fallback would print for an unprintable value.
 */
export function goJSON(v: unknown): string {
  return tryGoJSON(v) ?? '"<value omitted>"';
}

/** goJSON, or undefined when the value cannot be rendered (too deep, cyclic). */
export function tryGoJSON(v: unknown): string | undefined {
  try {
    return marshal(v, 0);
  } catch {
    return undefined;
  }
}

/** How a field error prints its bad value (apimachinery field.Error.ErrorBody). */
export function renderBadValue(v: unknown): string {
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return goQuote(v);
  return goJSON(v);
}

/** Go's `%#v` of a []string: []string{"a", "b"}. */
export function goStringSlice(items: readonly string[]): string {
  return `[]string{${items.map(goQuote).join(', ')}}`;
}
