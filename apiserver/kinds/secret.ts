/**
 * core/v1 Secret: stringData is merged into data on every write (its keys override data's) and
 * never stored; type defaults to Opaque and never changes; data is validated as kube does; an
 * immutable Secret keeps its data. The last-applied annotation kubectl writes keeps its keys but
 * not its values, so a stored Secret holds its values only in data (encrypted at rest).
 */
import { deleteOwn, isObject, setOwn } from '../../api/json.js';
import type { KubeObject } from '../../api/meta.js';
import { LAST_APPLIED, REDACTED, redactLastAppliedText } from '../../api/redact.js';
import { OPAQUE } from '../../api/builtin/secret.js';
import type { KindStrategy } from '../registry/types.js';
import {
  base64Errors,
  decodedSize,
  immutableErrors,
  isBase64,
  keyErrors,
  sizeError,
  stringEntries,
} from '../validation/config-data.js';
import { invalid, type FieldError } from '../validation/field.js';

/** stringData into data, base64-encoded; left in place when either is malformed (the schema refuses it). */
export function mergeStringData(obj: KubeObject): void {
  const stringData = obj['stringData'];
  if (stringData === undefined || stringData === null) {
    deleteOwn(obj, 'stringData');
    return;
  }
  const data = obj['data'] ?? {};
  if (!isObject(stringData) || !isObject(data)) return;
  const entries = Object.entries(stringData);
  if (!entries.every(([, v]) => typeof v === 'string')) return;
  const merged = { ...data };
  for (const [k, v] of entries) setOwn(merged, k, Buffer.from(v as string, 'utf8').toString('base64'));
  obj['data'] = merged;
  deleteOwn(obj, 'stringData');
}

/** The last-applied annotation with its values redacted (dropped when it is not JSON). */
export function redactLastApplied(obj: KubeObject): void {
  const annotations = obj.metadata.annotations;
  const text = annotations?.[LAST_APPLIED];
  if (annotations === undefined || text === undefined) return;
  const redacted = typeof text === 'string' ? redactLastAppliedText(text) : REDACTED;
  if (redacted === undefined) deleteOwn(annotations, LAST_APPLIED);
  else annotations[LAST_APPLIED] = redacted;
}

function prepare(obj: KubeObject): void {
  mergeStringData(obj);
  if (obj['type'] === '') obj['type'] = OPAQUE;
  redactLastApplied(obj);
}

function validateSecret(obj: KubeObject, old: KubeObject | undefined): FieldError[] {
  const entries = stringEntries(obj['data']);
  const total = entries.reduce((n, [, v]) => n + (isBase64(v) ? decodedSize(v) : 0), 0);
  const errs = [...keyErrors('data', entries), ...base64Errors('data', entries), ...sizeError('data', total)];
  if (old === undefined) return errs;
  if (old['type'] !== obj['type']) errs.push(invalid('type', obj['type'], 'field is immutable'));
  return [...errs, ...immutableErrors(obj, old, ['data'])];
}

export const secretStrategy: KindStrategy = {
  prepareForCreate: prepare,
  prepareForUpdate: prepare,
  validate: validateSecret,
};
