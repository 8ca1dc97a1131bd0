import { describe, expect, it } from '@jest/globals';
import { decodeProtobufObject } from './index.js';
import { body, fuzzFailures, int, msg, raw, str } from './testkit.js';

const meta = msg(1, str(1, 'x'), str(3, 'ns1'));
const bytesEntry = (num: number, k: string, v: number[]): number[] => msg(num, str(1, k), raw(2, v));
const strEntry = (num: number, k: string, v: string): number[] => msg(num, str(1, k), str(2, v));
const json = (b: Uint8Array): unknown => JSON.parse(JSON.stringify(decodeProtobufObject(b)));

// Built as gogo-protobuf marshals what `kubectl create secret generic x --from-literal=a=hi
// --from-literal=e=` and `kubectl create configmap x --from-literal=a=hi --from-file=bin` send.
const secret = body(
  'v1',
  'Secret',
  meta,
  bytesEntry(2, 'a', [...Buffer.from('hi')]),
  msg(2, str(1, 'e')),
  str(3, 'Opaque'),
  strEntry(4, 's', 'plain'),
  int(5, 1),
);
const configMap = body(
  'v1',
  'ConfigMap',
  meta,
  strEntry(2, 'a', 'hi'),
  bytesEntry(3, 'bin', [0, 255]),
  int(4, 0),
);

describe('core/v1 protobuf bodies', () => {
  it('decodes a Secret with bytes data as base64, stringData, type and immutable', () => {
    expect(json(secret)).toStrictEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'x', namespace: 'ns1' },
      data: { a: 'aGk=', e: '' },
      stringData: { s: 'plain' },
      type: 'Opaque',
      immutable: true,
    });
  });

  it('decodes a ConfigMap with data, binaryData and immutable', () => {
    expect(json(configMap)).toStrictEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x', namespace: 'ns1' },
      data: { a: 'hi' },
      binaryData: { bin: 'AP8=' },
      immutable: false,
    });
  });

  it('omits absent maps and an empty type', () => {
    expect(json(body('v1', 'Secret', meta, str(3, '')))).toStrictEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'x', namespace: 'ns1' },
    });
  });

  it('refuses mangled bodies with decode errors only', () => {
    expect(fuzzFailures([secret, configMap], decodeProtobufObject, 500)).toEqual([]);
  });
});
