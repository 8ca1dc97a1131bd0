/**
 * core/v1 ConfigMap and Secret (k8s.io/api core/v1 generated.proto), as kubectl 1.32 sends them
 * for `kubectl create configmap` and `kubectl create secret`: bytes maps become base64 strings,
 * as in JSON. Decode errors never quote a field's contents (Secret values must not reach a log).
 */
import { type DecodedObject, parseObject } from './kinds.js';

/** ConfigMap: 1 metadata, 2 data map<string,string>, 3 binaryData map<string,bytes>, 4 immutable. */
export function decodeConfigMap(raw: Uint8Array): DecodedObject {
  const { metadata, m } = parseObject(raw);
  const data = m.stringMap(2);
  const binaryData = m.bytesMap(3);
  const immutable = m.bool(4);
  return {
    metadata,
    ...(data ? { data } : {}),
    ...(binaryData ? { binaryData } : {}),
    ...(immutable === undefined ? {} : { immutable }),
  };
}

/** Secret: 1 metadata, 2 data map<string,bytes>, 3 type, 4 stringData map<string,string>, 5 immutable. */
export function decodeSecret(raw: Uint8Array): DecodedObject {
  const { metadata, m } = parseObject(raw);
  const data = m.bytesMap(2);
  const type = m.string(3) ?? '';
  const stringData = m.stringMap(4);
  const immutable = m.bool(5);
  return {
    metadata,
    ...(data ? { data } : {}),
    ...(stringData ? { stringData } : {}),
    ...(type === '' ? {} : { type }),
    ...(immutable === undefined ? {} : { immutable }),
  };
}
