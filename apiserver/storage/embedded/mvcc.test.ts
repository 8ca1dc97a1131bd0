import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { fc, test as fcTest } from '@fast-check/jest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isStorageError } from '../errors.js';
import type { EmbeddedStorage } from './index.js';
import { openEmbeddedStorage } from './index.js';
import { put } from '../../../test/support/storage-put.js';

let dir: string;
let s: EmbeddedStorage;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'orgplane-mvcc-'));
  s = await openEmbeddedStorage({ path: dir, leaseCheckIntervalMs: 0 });
});

afterEach(async () => {
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

const code = (err: unknown): string | undefined => (isStorageError(err) ? err.code : undefined);

describe('revisions', () => {
  it('starts at 1 and gives the first write revision 2', async () => {
    expect(await s.currentRevision()).toBe(1);
    const kv = await s.create('/a', 'x');
    expect(kv).toEqual({ key: '/a', value: 'x', createRevision: 2, modRevision: 2, version: 1, lease: 0 });
    expect(await s.currentRevision()).toBe(2);
  });

  it('tracks version and createRevision across updates, resetting after delete', async () => {
    await s.create('/a', '1');
    await put(s, '/a', '2');
    const v3 = await put(s, '/a', '3');
    expect(v3).toMatchObject({ createRevision: 2, modRevision: 4, version: 3 });
    const del = await s.delete('/a');
    expect(del.revision).toBe(5);
    expect(del.prev).toMatchObject({ value: '3', modRevision: 4 });
    const again = await s.create('/a', 'new');
    expect(again).toMatchObject({ createRevision: 6, modRevision: 6, version: 1 });
  });

  it('does not bump the revision on failed writes or reads', async () => {
    await s.create('/a', '1');
    await expect(s.create('/a', '2')).rejects.toMatchObject({ code: 'KeyExists' });
    await expect(s.delete('/missing')).rejects.toMatchObject({ code: 'KeyNotFound' });
    await s.get('/a');
    await s.list('/');
    expect(await s.currentRevision()).toBe(2);
  });

  it('keeps the revision across a reopen', async () => {
    await s.create('/a', '1');
    await s.create('/b', '2');
    await s.close();
    s = await openEmbeddedStorage({ path: dir, leaseCheckIntervalMs: 0 });
    expect(await s.currentRevision()).toBe(3);
    expect((await s.create('/c', '3')).modRevision).toBe(4);
    expect((await s.get('/a'))?.value).toBe('1');
  });
});

describe('reads at a revision', () => {
  it('gets and lists old revisions from history', async () => {
    await s.create('/p/a', 'a1'); // 2
    await s.create('/p/b', 'b1'); // 3
    await put(s, '/p/a', 'a2'); // 4
    await s.delete('/p/b'); // 5
    await s.create('/p/c', 'c1'); // 6
    expect((await s.get('/p/a', { revision: 3 }))?.value).toBe('a1');
    expect((await s.get('/p/a', { revision: 4 }))?.value).toBe('a2');
    expect(await s.get('/p/b', { revision: 5 })).toBeUndefined();
    expect((await s.get('/p/b', { revision: 4 }))?.modRevision).toBe(3);
    expect(await s.get('/p/c', { revision: 5 })).toBeUndefined();
    const at4 = await s.list('/p/', { revision: 4 });
    expect(at4.revision).toBe(4);
    expect(at4.items.map((kv) => [kv.key, kv.value])).toEqual([
      ['/p/a', 'a2'],
      ['/p/b', 'b1'],
    ]);
    const now = await s.list('/p/');
    expect(now.revision).toBe(6);
    expect(now.items.map((kv) => kv.key)).toEqual(['/p/a', '/p/c']);
  });

  it('refuses future revisions', async () => {
    await s.create('/a', '1');
    await expect(s.get('/a', { revision: 10 })).rejects.toMatchObject({ code: 'InvalidRequest' });
    await expect(s.list('/', { revision: 10 })).rejects.toMatchObject({ code: 'InvalidRequest' });
  });

  it('only lists keys under the prefix, in byte order', async () => {
    for (const k of ['/x/b', '/x/a', '/x0', '/w', '/x/a/deep', '/x/\u00e9']) await s.create(k, k);
    const res = await s.list('/x/');
    expect(res.items.map((kv) => kv.key)).toEqual(['/x/a', '/x/a/deep', '/x/b', '/x/\u00e9']);
    expect(await s.count('/x/')).toBe(4);
    expect(await s.count('')).toBe(6);
  });
});

describe('paging', () => {
  it('pages with limit and continueAfter at one revision while writes go on', async () => {
    for (let i = 0; i < 7; i++) await s.create(`/p/${i}`, `v${i}`);
    const first = await s.list('/p/', { limit: 3 });
    expect(first.items.map((kv) => kv.key)).toEqual(['/p/0', '/p/1', '/p/2']);
    expect(first.more).toBe(true);
    await s.delete('/p/4');
    await s.create('/p/35', 'late');
    await put(s, '/p/5', 'changed');
    const opts = { limit: 3, revision: first.revision };
    const second = await s.list('/p/', { ...opts, continueAfter: '/p/2' });
    expect(second.items.map((kv) => [kv.key, kv.value])).toEqual([
      ['/p/3', 'v3'],
      ['/p/4', 'v4'],
      ['/p/5', 'v5'],
    ]);
    expect(second.more).toBe(true);
    const third = await s.list('/p/', { ...opts, continueAfter: '/p/5' });
    expect(third.items.map((kv) => kv.key)).toEqual(['/p/6']);
    expect(third.more).toBe(false);
    expect(third.revision).toBe(first.revision);
  });

  it('reports more=false when the page ends exactly at the last key', async () => {
    for (let i = 0; i < 4; i++) await s.create(`/p/${i}`, 'v');
    const page = await s.list('/p/', { limit: 4 });
    expect(page.more).toBe(false);
    const past = await s.list('/p/', { limit: 2, revision: 3 });
    expect(past.items.map((kv) => kv.key)).toEqual(['/p/0', '/p/1']);
    expect(past.more).toBe(false);
  });

  it('rejects a continue key outside the prefix', async () => {
    await expect(s.list('/p/', { continueAfter: '/q/1' })).rejects.toMatchObject({ code: 'InvalidRequest' });
  });
});

describe('compaction', () => {
  it('expires reads below the compacted revision and keeps reads at and above it', async () => {
    await s.create('/a', '1'); // 2
    await put(s, '/a', '2'); // 3
    await s.create('/b', '1'); // 4
    await s.delete('/b'); // 5
    await put(s, '/a', '3'); // 6
    await s.compact(4);
    expect(await s.compactedRevision()).toBe(4);
    const err: unknown = await s.get('/a', { revision: 3 }).catch((e: unknown) => e);
    expect(code(err)).toBe('Expired');
    expect(isStorageError(err) && err.revision).toBe(4);
    expect((await s.get('/a', { revision: 4 }))?.value).toBe('2');
    expect((await s.get('/b', { revision: 4 }))?.value).toBe('1');
    expect(await s.get('/b', { revision: 5 })).toBeUndefined();
    expect((await s.list('/', { revision: 4 })).items.map((kv) => kv.key)).toEqual(['/a', '/b']);
    await s.compact(6);
    expect((await s.list('/', { revision: 6 })).items.map((kv) => kv.value)).toEqual(['3']);
    await expect(s.list('/', { revision: 5 })).rejects.toMatchObject({ code: 'Expired' });
  });

  it('is a no-op at or below the compacted revision and refuses the future', async () => {
    await s.create('/a', '1');
    await s.compact(2);
    await s.compact(1);
    expect(await s.compactedRevision()).toBe(2);
    await expect(s.compact(50)).rejects.toMatchObject({ code: 'InvalidRequest' });
  });

  it('compacts long histories in steps', async () => {
    await s.close();
    s = await openEmbeddedStorage({ path: dir, leaseCheckIntervalMs: 0, compactStep: 4 });
    for (let i = 0; i < 30; i++) await put(s, '/k', String(i));
    await s.compact(25);
    expect(await s.compactedRevision()).toBe(25);
    expect((await s.get('/k', { revision: 25 }))?.value).toBe('23');
    expect((await s.get('/k'))?.version).toBe(30);
    await expect(s.get('/k', { revision: 24 })).rejects.toMatchObject({ code: 'Expired' });
  });
});

describe('keys', () => {
  it('rejects empty, NUL and oversized keys', async () => {
    await expect(s.create('', 'x')).rejects.toMatchObject({ code: 'InvalidRequest' });
    await expect(s.create('/a\0b', 'x')).rejects.toMatchObject({ code: 'InvalidRequest' });
    await expect(s.create('/' + 'k'.repeat(3000), 'x')).rejects.toMatchObject({ code: 'InvalidRequest' });
  });

  it('fails with Unavailable after close', async () => {
    await s.close();
    await expect(s.get('/a')).rejects.toMatchObject({ code: 'Unavailable' });
    await expect(s.create('/a', 'x')).rejects.toMatchObject({ code: 'Unavailable' });
    s = await openEmbeddedStorage({ path: dir, leaseCheckIntervalMs: 0 });
  });
});

describe('listRevisions', () => {
  const keys = ['/r/a', '/r/a/b', '/r/ab', '/r/a-', '/r/b', '/r/b/c/d', '/s/x'];
  const op = fc.record({ key: fc.constantFrom(...keys), del: fc.boolean() });

  fcTest.prop([fc.array(op, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 4 })], {
    seed: 1207,
    numRuns: 40,
  })(
    "answers list's keys and modRevisions, page by page, now and at an older revision",
    async (ops, limit) => {
      const dir2 = mkdtempSync(join(tmpdir(), 'orgplane-revs-'));
      const st = await openEmbeddedStorage({ path: dir2, leaseCheckIntervalMs: 0 });
      try {
        let middle = 0;
        for (const [i, o] of ops.entries()) {
          if (o.del)
            await st.delete(o.key).catch((err: unknown) => {
              if (code(err) !== 'KeyNotFound') throw err;
            });
          else await put(st, o.key, `v${String(i)}`);
          if (i === Math.floor(ops.length / 2)) middle = await st.currentRevision();
        }
        const pages = async (revisionsOnly: boolean, revision?: number) => {
          const out: { key: string; modRevision: number }[] = [];
          let after: string | undefined;
          for (;;) {
            const o = {
              limit,
              ...(revision !== undefined ? { revision } : {}),
              ...(after !== undefined ? { continueAfter: after } : {}),
            };
            const p = revisionsOnly ? await st.listRevisions('/r/', o) : await st.list('/r/', o);
            out.push(...p.items.map(({ key, modRevision }) => ({ key, modRevision })));
            after = p.items.at(-1)?.key;
            if (!p.more) return { out, revision: p.revision };
          }
        };
        expect(await pages(true)).toEqual(await pages(false));
        expect(await pages(true, middle)).toEqual(await pages(false, middle));
      } finally {
        await st.close();
        rmSync(dir2, { recursive: true, force: true });
      }
    },
  );
});
