import { describe, expect, it } from '@jest/globals';
import { fc, test as fcTest } from '@fast-check/jest';
import type { KubeObject } from '../../api/meta.js';
import { decode, encode } from '../storage/codec.js';
import { withResourceVersion } from './entry.js';

const kv = (value: string, modRevision = 42) => ({ value, modRevision });

describe('withResourceVersion', () => {
  it('sets resourceVersion in what codec.encode wrote, as decode would', () => {
    const obj: KubeObject = {
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Agent',
      metadata: { name: 'a', namespace: 'acme', labels: { x: '"resourceVersion' } },
      spec: { model: 'm' },
    };
    const json = withResourceVersion(kv(encode(obj)));
    expect(JSON.parse(json)).toEqual(decode(kv(encode(obj))));
  });

  it('handles empty metadata and text it cannot place (key order, a stored resourceVersion)', () => {
    expect(JSON.parse(withResourceVersion(kv('{"apiVersion":"v1","kind":"X","metadata":{}}')))).toEqual({
      apiVersion: 'v1',
      kind: 'X',
      metadata: { resourceVersion: '42' },
    });
    const odd = '{"kind":"X","apiVersion":"v1","metadata":{"resourceVersion":"7","name":"n"}}';
    expect(JSON.parse(withResourceVersion(kv(odd)))).toEqual({
      kind: 'X',
      apiVersion: 'v1',
      metadata: { resourceVersion: '42', name: 'n' },
    });
  });

  fcTest.prop(
    [
      fc.record({
        apiVersion: fc.string(),
        kind: fc.string(),
        metadata: fc.dictionary(fc.string(), fc.jsonValue()),
        spec: fc.jsonValue(),
      }),
      fc.integer({ min: 1, max: 2 ** 40 }),
    ],
    { seed: 1206, numRuns: 300 },
  )('always equals decode-then-encode', (obj, rev) => {
    const value = encode(obj);
    expect(JSON.parse(withResourceVersion(kv(value, rev)))).toEqual(decode(kv(value, rev)));
  });
});
