/**
 * core/v1 ConfigMap: keys validated as kube does (data and binaryData share one key space),
 * binaryData is base64, at most 1 MiB in all; an immutable ConfigMap keeps its data.
 */
import type { KubeObject } from '../../api/meta.js';
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
import { invalid, key, type FieldError } from '../validation/field.js';

function validateConfigMap(obj: KubeObject, old: KubeObject | undefined): FieldError[] {
  const data = stringEntries(obj['data']);
  const binary = stringEntries(obj['binaryData']);
  const inData = new Set(data.map(([k]) => k));
  const total =
    data.reduce((n, [, v]) => n + Buffer.byteLength(v), 0) +
    binary.reduce((n, [, v]) => n + (isBase64(v) ? decodedSize(v) : 0), 0);
  const errs = [
    ...keyErrors('data', data),
    ...keyErrors('binaryData', binary),
    ...binary
      .filter(([k]) => inData.has(k))
      .map(([k]) => invalid(key('binaryData', k), k, 'duplicate of key present in data')),
    ...base64Errors('binaryData', binary),
    ...sizeError('[]', total),
  ];
  return old === undefined ? errs : [...errs, ...immutableErrors(obj, old, ['data', 'binaryData'])];
}

export const configMapStrategy: KindStrategy = { validate: validateConfigMap };
