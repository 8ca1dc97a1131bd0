/**
 * core/v1 ConfigMap and Secret data validation with kube's wording (validation.ValidateConfigMap,
 * ValidateSecret and their updates). No error ever shows a value: only keys and sizes, so a
 * Secret's values cannot reach a Status message, a log or an audit record.
 */
import { isObject } from '../../api/json.js';
import type { KubeObject } from '../../api/meta.js';
import { forbidden, invalid, invalidOmitValue, key, tooLong, type FieldError } from './field.js';
import { DNS1123_SUBDOMAIN_MAX, maxLenError, regexError } from './names.js';

/** corev1.MaxSecretSize: the most bytes of data a ConfigMap or Secret holds. */
export const MAX_DATA_SIZE = 1024 * 1024;
export const IMMUTABLE_DETAIL = 'field is immutable when `immutable` is set';

const CONFIG_KEY_FMT = '[-._a-zA-Z0-9]+';
const CONFIG_KEY_RE = new RegExp(`^${CONFIG_KEY_FMT}$`);
const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** apimachinery's IsConfigMapKey. */
export function isConfigMapKey(k: string): string[] {
  const errs: string[] = [];
  if (k.length > DNS1123_SUBDOMAIN_MAX) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX));
  if (!CONFIG_KEY_RE.test(k))
    errs.push(
      regexError(
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
        CONFIG_KEY_FMT,
        'key.name',
        'KEY_NAME',
        'key-name',
      ),
    );
  if (k === '.') errs.push("must not be '.'");
  else if (k === '..') errs.push("must not be '..'");
  else if (k.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

/** The string entries of a map field; anything else is the schema's to refuse. */
export function stringEntries(v: unknown): [string, string][] {
  if (!isObject(v)) return [];
  return Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string');
}

/** Whether `s` is standard padded base64, as Go decodes a []byte from JSON. */
export const isBase64 = (s: string): boolean => BASE64_RE.test(s.replace(/[\r\n]/g, ''));

/** Bytes a base64 value decodes to (valid base64 only). */
export const decodedSize = (s: string): number => Buffer.byteLength(s.replace(/[\r\n]/g, ''), 'base64');

/** Key errors of one map, e.g. `data[a/b]: Invalid value: "a/b": a valid config key ...`. */
export function keyErrors(path: string, entries: readonly [string, string][]): FieldError[] {
  return entries.flatMap(([k]) => isConfigMapKey(k).map((msg) => invalid(key(path, k), k, msg)));
}

/** Values that are not base64 (never shown), and the total decoded size of the valid ones. */
export function base64Errors(path: string, entries: readonly [string, string][]): FieldError[] {
  return entries
    .filter(([, v]) => !isBase64(v))
    .map(([k]) => invalidOmitValue(key(path, k), 'must be base64 encoded'));
}

/** Over the limit: kube reports it at the map (`data` of a Secret, `[]` for a ConfigMap). */
export function sizeError(path: string, total: number): FieldError[] {
  return total > MAX_DATA_SIZE ? [tooLong(path, MAX_DATA_SIZE)] : [];
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? {}) === JSON.stringify(b ?? {});

/**
 * An object that was immutable stays so: `immutable` cannot be unset and the `fields` (data,
 * binaryData) cannot change (kube: Forbidden, "field is immutable when `immutable` is set").
 */
export function immutableErrors(obj: KubeObject, old: KubeObject, fields: readonly string[]): FieldError[] {
  if (old['immutable'] !== true) return [];
  const errs: FieldError[] = [];
  if (obj['immutable'] !== true) errs.push(forbidden('immutable', IMMUTABLE_DETAIL));
  for (const f of fields) if (!same(obj[f], old[f])) errs.push(forbidden(f, IMMUTABLE_DETAIL));
  return errs;
}
