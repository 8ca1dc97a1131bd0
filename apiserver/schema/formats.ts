/**
 * The string formats kube validates in CRD schemas (apiextensions' supported formats, checked by
 * kube-openapi's strfmt registry), each matching the Go check it mirrors. Formats outside this
 * list are ignored by kube, and so here.
 */
import { byteLength } from '../validation/json.js';
import { isCIDR, isEmail, isHostname, isMAC, isRequestURI, parseIP } from './formats-net.js';
import { normalizeFormat } from './node.js';

const re = (r: RegExp) => (s: string) => r.test(s);
const MAX_INT64 = 2 ** 63;

function isDate(s: string): boolean {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** strfmt.IsDateTime: the date before the first `t`, a time of day after it. */
function isDateTime(s: string): boolean {
  if (s.length < 4) return false;
  const parts = s.toLowerCase().split('t');
  if (parts.length < 2 || !isDate(parts[0] ?? '')) return false;
  const m = /^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$/.exec(parts[1] ?? '');
  return m !== null && (m[1] ?? '') <= '23' && (m[2] ?? '') <= '59' && (m[3] ?? '') <= '59';
}

const GO_UNITS: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 6e10,
  h: 3.6e12,
};

/** time.ParseDuration: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, or "0". */
function isGoDuration(s: string): boolean {
  const body = s.replace(/^[-+]/, '');
  if (body === '0') return true;
  if (body === '') return false;
  const part = /([0-9]*)(\.[0-9]*)?([^0-9.]*)/y;
  let total = 0;
  for (let i = 0; i < body.length;) {
    part.lastIndex = i;
    const m = part.exec(body);
    if (!m || m[0] === '') return false;
    const unit = GO_UNITS[m[3] ?? ''];
    if ((m[1] === '' && (m[2] ?? '.') === '.') || unit === undefined) return false;
    total += Number(`0${m[1] ?? ''}${m[2] ?? ''}`) * unit;
    i += m[0].length;
  }
  return total <= MAX_INT64;
}

const SCALA_UNITS = [['ns', 'nano'], ['us', 'µs', 'micro'], ['ms', 'milli'], ['s', 'sec'], ['m', 'min'], ['h', 'hr', 'hour'], ['d', 'day'], ['w', 'wk', 'week']]; // prettier-ignore

/** strfmt.ParseDuration: Go durations, else Scala-like `5 seconds` when some unit is known. */
function isDuration(s: string): boolean {
  if (isGoDuration(s)) return true;
  if (!/^[\t\n\f\r ]*(?:[0-9]+[\t\n\f\r ]*[A-Za-zµ]+[\t\n\f\r ]*)+$/.test(s)) return false;
  let ok = false;
  for (const m of s.matchAll(/([0-9]+)[\t\n\f\r ]*([A-Za-zµ]+)/g)) {
    if (Number(m[1]) > MAX_INT64) return false;
    const unit = (m[2] ?? '').toLowerCase();
    for (const v of SCALA_UNITS)
      ok ||= v.some((u, i) => (i === v.length - 1 && unit.startsWith(u)) || u === unit);
  }
  return ok;
}

/** resource.ParseQuantity: a decimal number with an SI, binary or exponent suffix. */
function isQuantity(s: string): boolean {
  if (s === '') return false;
  const m = /^[+-]?[0-9]*(?:\.[0-9]*)?([eEinumkKMGTP]*(?:[+-]?[0-9]+)?)$/.exec(s);
  if (!m) return false;
  const suffix = m[1] ?? '';
  return /^(?:|[numkMGTPE]|[KMGTPE]i|[eE][+-]?[0-9]+)$/.test(suffix);
}

function isISBN10(s: string): boolean {
  const d = s.replace(/[\t\n\f\r -]+/g, '');
  if (!/^(?:[0-9]{9}X|[0-9]{10})$/.test(d)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (i + 1) * Number(d[i]);
  sum += 10 * (d[9] === 'X' ? 10 : Number(d[9]));
  return sum % 11 === 0;
}

function isISBN13(s: string): boolean {
  const d = s.replace(/[\t\n\f\r -]+/g, '');
  if (!/^[0-9]{13}$/.test(d)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (i % 2 === 0 ? 1 : 3) * Number(d[i]);
  return Number(d[12]) === (10 - (sum % 10)) % 10;
}

const CARD_RE =
  /^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35[0-9]{3})[0-9]{11})$/;

/** govalidator.IsCreditCard: digits only after stripping the rest, a known issuer shape, Luhn. */
function isCreditCard(s: string): boolean {
  const d = s.replace(/[^0-9]+/g, '');
  if (!CARD_RE.test(d)) return false;
  let sum = 0;
  for (let i = d.length - 1, dbl = false; i >= 0; i--, dbl = !dbl) {
    const n = Number(d[i]) * (dbl ? 2 : 1);
    sum += n >= 10 ? (n % 10) + 1 : n;
  }
  return sum % 10 === 0;
}

const BYTE_OCTET = '(0|[1-9][0-9]?|1[0-9][0-9]?|2[0-4][0-9]|25[0-5])';
const RGB_RE = new RegExp(
  `^rgb\\([\\t\\n\\f\\r ]*${BYTE_OCTET}[\\t\\n\\f\\r ]*,[\\t\\n\\f\\r ]*${BYTE_OCTET}[\\t\\n\\f\\r ]*,[\\t\\n\\f\\r ]*${BYTE_OCTET}[\\t\\n\\f\\r ]*\\)$`,
);
const LABEL_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const FORMATS: ReadonlyMap<string, (s: string) => boolean> = new Map<string, (s: string) => boolean>([
  ['bsonobjectid', re(/^[0-9a-fA-F]{24}$/)],
  ['uri', isRequestURI],
  ['email', isEmail],
  ['hostname', isHostname],
  ['ipv4', (s) => parseIP(s) && s.includes('.')],
  ['ipv6', (s) => parseIP(s) && s.includes(':')],
  ['cidr', isCIDR],
  ['mac', isMAC],
  ['uuid', re(/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i)],
  ['uuid3', re(/^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i)],
  ['uuid4', re(/^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i)],
  ['uuid5', re(/^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i)],
  ['isbn', (s) => isISBN10(s) || isISBN13(s)],
  ['isbn10', isISBN10],
  ['isbn13', isISBN13],
  ['creditcard', isCreditCard],
  ['ssn', (s) => s.length === 11 && /^[0-9]{3}[- ]?[0-9]{2}[- ]?[0-9]{4}$/.test(s)],
  ['hexcolor', re(/^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/)],
  ['rgbcolor', re(RGB_RE)],
  ['byte', re(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/)],
  ['password', () => true],
  ['date', isDate],
  ['datetime', isDateTime],
  ['duration', isDuration],
  ['quantity', isQuantity],
  ['k8sshortname', (s) => byteLength(s) <= 63 && LABEL_RE.test(s)],
  ['k8slongname', (s) => byteLength(s) <= 253 && SUBDOMAIN_RE.test(s)],
]);

/** Whether kube validates strings of this format (after StripUnsupportedFormats). */
export const isKnownFormat = (format: string): boolean => FORMATS.has(normalizeFormat(format));

/** Whether `value` is valid for `format`; unknown formats accept everything. */
export function matchesFormat(format: string, value: string): boolean {
  const check = FORMATS.get(normalizeFormat(format));
  return check === undefined || check(value);
}
