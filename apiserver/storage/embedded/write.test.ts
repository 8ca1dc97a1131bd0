import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmbeddedStorage } from './index.js';
import { openEmbeddedStorage } from './index.js';

let dir: string;
let s: EmbeddedStorage;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'orgplane-write-'));
  s = await openEmbeddedStorage({ path: dir, leaseCheckIntervalMs: 0 });
});

afterEach(async () => {
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('delete', () => {
  it('checks expectedRevision', async () => {
    const kv = await s.create('/a', '1');
    await expect(s.delete('/a', { expectedRevision: kv.modRevision + 5 })).rejects.toMatchObject({
      code: 'Conflict',
      revision: kv.modRevision,
    });
    const res = await s.delete('/a', { expectedRevision: kv.modRevision });
    expect(res.prev).toEqual(kv);
  });
});

describe('txn', () => {
  it('runs the success branch at one revision when compares hold', async () => {
    const a = await s.create('/a', '1');
    const res = await s.txn({
      compares: [
        { key: '/a', target: 'modRevision', op: '=', value: a.modRevision },
        { key: '/b', target: 'version', op: '=', value: 0 },
        { key: '/a', target: 'value', op: '=', value: '1' },
      ],
      success: [
        { type: 'put', key: '/b', value: 'b' },
        { type: 'put', key: '/a', value: '2' },
        { type: 'get', key: '/b' },
      ],
    });
    expect(res.succeeded).toBe(true);
    expect(res.revision).toBe(3);
    expect(res.results.map((r) => r?.modRevision)).toEqual([3, 3, 3]);
    expect(res.results[1]).toMatchObject({ version: 2, createRevision: 2 });
    expect(await s.currentRevision()).toBe(3);
  });

  it('runs the failure branch when a compare fails, without a write for gets', async () => {
    await s.create('/a', '1');
    const res = await s.txn({
      compares: [{ key: '/a', target: 'createRevision', op: '>', value: 5 }],
      success: [{ type: 'delete', key: '/a' }],
      failure: [
        { type: 'get', key: '/a' },
        { type: 'get', key: '/none' },
      ],
    });
    expect(res.succeeded).toBe(false);
    expect(res.revision).toBe(2);
    expect(res.results[0]?.value).toBe('1');
    expect(res.results[1]).toBeUndefined();
  });

  it('treats a missing key as 0 and value compares on it as false', async () => {
    const check = (
      target: 'modRevision' | 'value',
      op: '=' | '!=',
      value: number | string,
    ): Promise<boolean> =>
      s.txn({ compares: [{ key: '/none', target, op, value }], success: [] }).then((r) => r.succeeded);
    expect(await check('modRevision', '=', 0)).toBe(true);
    expect(await check('value', '=', '')).toBe(false);
    expect(await check('value', '!=', 'x')).toBe(false);
  });

  it('reports deletes with the previous value, undefined when absent', async () => {
    await s.create('/a', '1');
    const res = await s.txn({
      compares: [],
      success: [
        { type: 'delete', key: '/a' },
        { type: 'delete', key: '/none' },
      ],
    });
    expect(res.results[0]?.value).toBe('1');
    expect(res.results[1]).toBeUndefined();
    expect(res.revision).toBe(3);
  });

  it('does not bump the revision when nothing changes', async () => {
    const res = await s.txn({ compares: [], success: [{ type: 'delete', key: '/none' }] });
    expect(res.revision).toBe(1);
    expect(await s.currentRevision()).toBe(1);
  });

  it('rejects malformed requests', async () => {
    await expect(
      s.txn({
        compares: [],
        success: [
          { type: 'put', key: '/a', value: '1' },
          { type: 'delete', key: '/a' },
        ],
      }),
    ).rejects.toMatchObject({ code: 'InvalidRequest' });
    await expect(
      s.txn({ compares: [{ key: '/a', target: 'version', op: '=', value: 'x' }], success: [] }),
    ).rejects.toMatchObject({ code: 'InvalidRequest' });
    await expect(
      s.txn({ compares: [], success: [{ type: 'put', key: '/a', value: '1', lease: 42 }] }),
    ).rejects.toMatchObject({ code: 'InvalidRequest' });
    expect(await s.currentRevision()).toBe(1);
  });
});

describe('group commit', () => {
  it('gives each concurrent write its own consecutive revision', async () => {
    const kvs = await Promise.all(Array.from({ length: 200 }, (_, i) => s.create(`/k/${i}`, String(i))));
    const revs = kvs.map((kv) => kv.modRevision).sort((a, b) => a - b);
    expect(revs).toEqual(Array.from({ length: 200 }, (_, i) => i + 2));
    expect(await s.currentRevision()).toBe(201);
    expect(await s.count('/k/')).toBe(200);
  });

  it('fails only the refused operation of a batch', async () => {
    await s.create('/dup', 'x');
    const results = await Promise.allSettled([
      s.create('/a', '1'),
      s.create('/dup', 'y'),
      s.create('/b', '2'),
      s.delete('/missing'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect(await s.currentRevision()).toBe(4);
  });
});
