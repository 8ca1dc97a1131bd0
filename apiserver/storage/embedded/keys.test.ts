import { describe, expect, it } from '@jest/globals';
import { curKey, decodeHistKey, histKey, keyFromLeaseKey, leaseKey, prefixEnd } from './keys.js';

describe('key encoding', () => {
  it('round-trips history keys and orders them by key, then revision', () => {
    expect(decodeHistKey(histKey('/a/é', 300))).toEqual({ key: '/a/é', rev: 300 });
    const sorted = [histKey('/a', 10), histKey('/a', 2), histKey('/a/b', 1), histKey('/a!', 1)].sort((x, y) =>
      Buffer.compare(x, y),
    );
    expect(sorted.map((b) => decodeHistKey(b))).toEqual([
      { key: '/a', rev: 2 },
      { key: '/a', rev: 10 },
      { key: '/a!', rev: 1 },
      { key: '/a/b', rev: 1 },
    ]);
  });

  it('bounds a prefix range by the next byte string', () => {
    expect(prefixEnd(curKey('/a/'))?.toString()).toBe('/a0');
    expect(prefixEnd(Buffer.from([0x61, 0xff]))).toEqual(Buffer.from([0x62]));
    expect(prefixEnd(Buffer.from([0xff, 0xff]))).toBeUndefined();
    expect(prefixEnd(Buffer.alloc(0))).toBeUndefined();
  });

  it('round-trips lease index keys', () => {
    expect(keyFromLeaseKey(leaseKey(7, '/x/y'))).toBe('/x/y');
  });
});
