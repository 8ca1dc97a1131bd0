import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import type { KubeObject } from '../../api/meta.js';
import { asStored, decode, encode } from './codec.js';

const roundTrip = (obj: KubeObject, revision: number): KubeObject =>
  decode({ value: encode(obj), modRevision: revision });

/** JSON objects as requests and admission leave them: JSON values, metadata with a name */
const objects = fc
  .tuple(
    fc.dictionary(fc.string(), fc.jsonValue()),
    fc.dictionary(fc.string(), fc.jsonValue()),
    fc.option(fc.string(), { nil: undefined }),
  )
  .map(([top, meta, rv]): KubeObject => {
    const metadata = { ...meta, name: 'a', ...(rv === undefined ? {} : { resourceVersion: rv }) };
    // -0 has no JSON form other than 0: normalise as a JSON body parse would
    return JSON.parse(JSON.stringify({ apiVersion: 'v1', kind: 'K', ...top, metadata })) as KubeObject;
  });

describe('asStored', () => {
  test.prop([objects, fc.integer({ min: 1, max: 2 ** 40 })], { seed: 20261207 })(
    'renders the same bytes as decoding the text written at that revision',
    (obj, revision) => {
      expect(JSON.stringify(asStored(obj, revision))).toBe(JSON.stringify(roundTrip(obj, revision)));
      expect(asStored(obj, revision)).toEqual(roundTrip(obj, revision));
    },
  );

  it('leaves the written object as it was', () => {
    const obj: KubeObject = { apiVersion: 'v1', kind: 'K', metadata: { name: 'a', resourceVersion: '3' } };
    const stored = asStored(obj, 9);
    expect(stored.metadata.resourceVersion).toBe('9');
    expect(Object.keys(stored.metadata)).toEqual(['resourceVersion', 'name']);
    expect(obj.metadata).toEqual({ name: 'a', resourceVersion: '3' });
  });
});
