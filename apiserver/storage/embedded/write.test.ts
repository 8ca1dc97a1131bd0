import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KeyValue } from '../interface.js';
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

describe('guaranteedUpdate', () => {
  it('fails with KeyNotFound unless ignoreNotFound', async () => {
    await expect(s.guaranteedUpdate('/a', () => ({ value: 'x' }))).rejects.toMatchObject({
      code: 'KeyNotFound',
    });
    const seen: (KeyValue | undefined)[] = [];
    const kv = await s.guaranteedUpdate(
      '/a',
      (cur) => {
        seen.push(cur);
        return { value: 'x' };
      },
      { ignoreNotFound: true },
    );
    expect(seen).toEqual([undefined]);
    expect(kv).toMatchObject({ value: 'x', version: 1, modRevision: 2 });
  });

  it('writes nothing when value and lease are unchanged', async () => {
    const created = await s.create('/a', 'same');
    const kv = await s.guaranteedUpdate('/a', (cur) => ({ value: cur?.value ?? '' }));
    expect(kv).toEqual(created);
    expect(await s.currentRevision()).toBe(2);
  });

  it('propagates errors thrown by tryUpdate unchanged', async () => {
    await s.create('/a', '1');
    const boom = new Error('refused');
    await expect(
      s.guaranteedUpdate('/a', () => {
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await s.currentRevision()).toBe(2);
  });

  it('retries with a fresh read when it loses the race', async () => {
    await s.create('/n', '0');
    let calls = 0;
    const kv = await s.guaranteedUpdate('/n', async (cur) => {
      calls++;
      if (calls === 1) await s.guaranteedUpdate('/n', () => ({ value: '100' })); // a concurrent writer
      return { value: String(Number(cur?.value) + 1) };
    });
    expect(calls).toBe(2);
    expect(kv.value).toBe('101');
  });

  it('never loses an increment under concurrency', async () => {
    await s.create('/n', '0');
    const inc = (cur: KeyValue | undefined): { value: string } => ({ value: String(Number(cur?.value) + 1) });
    await Promise.all(Array.from({ length: 40 }, () => s.guaranteedUpdate('/n', inc)));
    const kv = await s.get('/n');
    expect(kv?.value).toBe('40');
    expect(kv?.version).toBe(41);
  });

  it('uses a current suggestion without reading, and re-reads a stale one', async () => {
    const v1 = await s.create('/a', '1');
    const v2 = await s.guaranteedUpdate('/a', () => ({ value: '2' }));
    const seen: (string | undefined)[] = [];
    const kv = await s.guaranteedUpdate(
      '/a',
      (cur) => {
        seen.push(cur?.value);
        return { value: `${cur?.value ?? ''}+` };
      },
      { suggestion: v1 },
    );
    expect(seen).toEqual(['1', '2']);
    expect(kv.value).toBe('2+');
    const unchanged = await s.guaranteedUpdate('/a', (cur) => ({ value: cur?.value ?? '' }), {
      suggestion: v2,
    });
    expect(unchanged).toMatchObject({ value: '2+' });
  });
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

  it('runs validate on the current value and refuses when it throws', async () => {
    await s.create('/a', 'keep');
    await expect(
      s.delete('/a', {
        validate: (cur) => {
          if (cur.value === 'keep') throw new Error('precondition failed');
        },
      }),
    ).rejects.toThrow('precondition failed');
    expect(await s.get('/a')).toBeDefined();
  });

  it('re-validates when the key changes between validate and delete', async () => {
    await s.create('/a', '1');
    const seen: string[] = [];
    const res = await s.delete('/a', {
      validate: async (cur) => {
        seen.push(cur.value);
        if (seen.length === 1) await s.guaranteedUpdate('/a', () => ({ value: '2' }));
      },
    });
    expect(seen).toEqual(['1', '2']);
    expect(res.prev.value).toBe('2');
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
