// The one storage conformance suite: every backend must pass it unchanged (see storage/interface.ts).
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { isStorageError } from '../../apiserver/storage/errors.js';
import type { KeyValue, Storage } from '../../apiserver/storage/interface.js';
import { backends } from '../support/storage-backends.js';
import { put } from '../support/storage-put.js';
import { drain, expectQuiet, pool, take } from '../support/watch.js';

const code = (err: unknown): string =>
  isStorageError(err) ? err.code : `not a StorageError: ${String(err)}`;
/** The StorageError code a promise rejects with. */
const rejection = async (p: Promise<unknown>): Promise<string> => p.then(() => 'resolved', code);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe.each(backends)('$name storage', (backend) => {
  let s: Storage;
  let n = 0;
  /** a key prefix no other test touches */
  const ns = (): string => `/conformance/t${++n}/`;

  beforeAll(async () => {
    s = await backend.open();
  }, 60_000);
  afterAll(() => backend.cleanup(), 30_000);

  test('create, get, KeyExists; a write bumps the revision by exactly one', async () => {
    const p = ns();
    const before = await s.currentRevision();
    const kv = await s.create(`${p}a`, 'v1');
    expect(kv).toEqual({
      key: `${p}a`,
      value: 'v1',
      createRevision: before + 1,
      modRevision: before + 1,
      version: 1,
      lease: 0,
    });
    expect(await s.currentRevision()).toBe(before + 1);
    expect(await s.get(`${p}a`)).toEqual(kv);
    expect(await s.get(`${p}missing`)).toBeUndefined();
    expect(await rejection(s.create(`${p}a`, 'v2'))).toBe('KeyExists');
    expect(await s.currentRevision()).toBe(before + 1);
    expect((await s.get(`${p}a`))?.value).toBe('v1');
  });

  test('compare-and-swap txn on modRevision: keeps createRevision, bumps version, a stale guard reads the winner', async () => {
    const p = ns();
    const created = await s.create(`${p}a`, '1');
    const cas = (guard: KeyValue, value: string) =>
      s.txn({
        compares: [{ key: `${p}a`, target: 'modRevision', op: '=', value: guard.modRevision }],
        success: [{ type: 'put', key: `${p}a`, value }],
        failure: [{ type: 'get', key: `${p}a` }],
      });
    const won = await cas(created, '1+');
    expect(won.succeeded).toBe(true);
    expect(won.results[0]).toMatchObject({ value: '1+', createRevision: created.createRevision, version: 2 });
    const rev = await s.currentRevision();
    const lost = await cas(created, 'stale');
    expect(lost.succeeded).toBe(false);
    expect(lost.results[0]).toEqual(won.results[0]);
    expect(await s.currentRevision()).toBe(rev);
  });

  test('50 concurrent compare-and-swap increments end at exactly 50', async () => {
    const key = `${ns()}counter`;
    await s.create(key, '0');
    const inc = async (): Promise<void> => {
      for (let cur = await s.get(key); cur !== undefined;) {
        const r = await s.txn({
          compares: [{ key, target: 'modRevision', op: '=', value: cur.modRevision }],
          success: [{ type: 'put', key, value: String(Number(cur.value) + 1) }],
          failure: [{ type: 'get', key }],
        });
        if (r.succeeded) return;
        cur = r.results[0];
      }
    };
    await Promise.all(Array.from({ length: 50 }, inc));
    expect(await s.get(key)).toMatchObject({ value: '50', version: 51 });
  });

  test('delete: preconditions, Conflict, KeyNotFound', async () => {
    const p = ns();
    const a = await s.create(`${p}a`, 'A');
    const conflict = await s
      .delete(`${p}a`, { expectedRevision: a.modRevision + 100 })
      .catch((e: unknown) => e);
    expect(code(conflict)).toBe('Conflict');
    expect(isStorageError(conflict) && conflict.revision).toBe(a.modRevision);
    expect(await s.get(`${p}a`)).toEqual(a);
    const del = await s.delete(`${p}a`, { expectedRevision: a.modRevision });
    expect(del.prev).toEqual(a);
    expect(del.revision).toBe(await s.currentRevision());
    expect(await s.get(`${p}a`)).toBeUndefined();
    expect(await rejection(s.delete(`${p}a`))).toBe('KeyNotFound');
    const b = await s.create(`${p}b`, 'B');
    expect((await s.delete(`${p}b`)).prev).toEqual(b);
  });

  test('txn: all or nothing at one revision; failure branch reads', async () => {
    const p = ns();
    const a = await s.create(`${p}a`, 'A');
    const w = s.watch(p);
    const before = await s.currentRevision();
    const ok = await s.txn({
      compares: [
        { key: `${p}a`, target: 'modRevision', op: '=', value: a.modRevision },
        { key: `${p}a`, target: 'value', op: '=', value: 'A' },
        { key: `${p}b`, target: 'createRevision', op: '=', value: 0 },
        { key: `${p}a`, target: 'version', op: '<', value: 2 },
      ],
      success: [
        { type: 'put', key: `${p}b`, value: 'B' },
        { type: 'put', key: `${p}c`, value: 'C' },
        { type: 'delete', key: `${p}a` },
      ],
    });
    expect(ok.succeeded).toBe(true);
    expect(ok.revision).toBe(before + 1);
    expect(ok.results).toEqual([
      { key: `${p}b`, value: 'B', createRevision: before + 1, modRevision: before + 1, version: 1, lease: 0 },
      { key: `${p}c`, value: 'C', createRevision: before + 1, modRevision: before + 1, version: 1, lease: 0 },
      a,
    ]);
    const events = await take(w, 3);
    expect(events.map((e) => [e.type, e.key, e.revision]).sort()).toEqual([
      ['create', `${p}b`, before + 1],
      ['create', `${p}c`, before + 1],
      ['delete', `${p}a`, before + 1],
    ]);
    const failed = await s.txn({
      compares: [{ key: `${p}b`, target: 'createRevision', op: '=', value: 0 }],
      success: [
        { type: 'put', key: `${p}d`, value: 'D' },
        { type: 'delete', key: `${p}c` },
      ],
      failure: [
        { type: 'get', key: `${p}b` },
        { type: 'get', key: `${p}a` },
      ],
    });
    expect(failed).toMatchObject({ succeeded: false, revision: before + 1 });
    expect(failed.results).toEqual([ok.results[0], undefined]);
    expect(await s.get(`${p}d`)).toBeUndefined();
    expect(await s.get(`${p}c`)).toEqual(ok.results[1]);
    await expectQuiet(w);
    w.stop();
  });

  test('list and count: key order, an old revision, paging consistent at one revision', async () => {
    const p = ns();
    const keys = Array.from({ length: 10 }, (_, i) => `${p}k${String(i).padStart(2, '0')}`);
    for (const k of keys) await s.create(k, `v-${k}`);
    await s.create(`${p.slice(0, -1)}x/outside`, 'not under the prefix');
    const full = await s.list(p);
    expect(full.items.map((kv) => kv.key)).toEqual(keys);
    expect(full.more).toBe(false);
    expect(await s.count(p)).toBe(10);
    const first = await s.list(p, { limit: 4 });
    expect(first.items.map((kv) => kv.key)).toEqual(keys.slice(0, 4));
    expect(first).toMatchObject({ more: true, revision: full.revision });
    // Writes between pages must not show in later pages read at the first page's revision.
    await s.create(`${p}k05a`, 'late');
    await put(s, `${p}k07`, 'changed');
    await s.delete(`${p}k09`);
    const pages = [first];
    for (let last = first; last.more;) {
      const after = last.items.at(-1)?.key ?? '';
      last = await s.list(p, { limit: 4, revision: first.revision, continueAfter: after });
      expect(last.revision).toBe(first.revision);
      pages.push(last);
    }
    expect(pages.map((pg) => pg.items.length)).toEqual([4, 4, 2]);
    expect(pages.flatMap((pg) => pg.items)).toEqual(full.items);
    expect(await s.count(p)).toBe(10);
    const now = await s.list(p);
    expect(now.items.map((kv) => kv.key)).toContain(`${p}k05a`);
    expect(now.items.find((kv) => kv.key === `${p}k07`)?.value).toBe('changed');
    // An old revision reads the old state, for get as well as list.
    expect((await s.get(`${p}k07`, { revision: full.revision }))?.value).toBe(`v-${p}k07`);
    expect(await s.get(`${p}k05a`, { revision: full.revision })).toBeUndefined();
    expect(await rejection(s.list(p, { continueAfter: '/elsewhere/' }))).toBe('InvalidRequest');
    expect(await rejection(s.get(`${p}k00`, { revision: now.revision + 1000 }))).toBe('InvalidRequest');
  });

  test('watch from now: create, update, delete with their KeyValues; stop() ends iteration', async () => {
    const p = ns();
    const w = s.watch(p);
    const a1 = await s.create(`${p}a`, '1');
    const a2 = await put(s, `${p}a`, '2');
    const del = await s.delete(`${p}a`);
    await s.create(`/conformance/elsewhere-${n}`, 'not watched');
    const [c, u, d] = await take(w, 3);
    expect(c).toEqual({ type: 'create', key: `${p}a`, revision: a1.modRevision, kv: a1 });
    expect(u).toMatchObject({ type: 'update', key: `${p}a`, revision: a2.modRevision, kv: a2 });
    if (u?.prev !== undefined) expect(u.prev).toEqual(a1);
    expect(d).toEqual({ type: 'delete', key: `${p}a`, revision: del.revision, kv: a2 });
    await expectQuiet(w);
    w.stop();
    expect(await drain(w)).toEqual({ events: [], error: undefined });
  });

  test('watch without previous states: the same events, a delete at least its key and revision', async () => {
    const p = ns();
    const w = s.watch(p, { prevStates: false });
    const a1 = await s.create(`${p}a`, '1');
    const a2 = await put(s, `${p}a`, '2');
    const del = await s.delete(`${p}a`);
    const [c, u, d] = await take(w, 3);
    expect(c).toEqual({ type: 'create', key: `${p}a`, revision: a1.modRevision, kv: a1 });
    expect(u).toMatchObject({ type: 'update', key: `${p}a`, revision: a2.modRevision, kv: a2 });
    if (u?.prev !== undefined) expect(u.prev).toEqual(a1);
    expect(d).toMatchObject({ type: 'delete', key: `${p}a`, revision: del.revision });
    if (d?.kv.value !== '') expect(d?.kv).toEqual(a2);
    w.stop();
  });

  test('10,000 writes: watches from now and from the past see every revision once, in order', async () => {
    const p = ns();
    const from = await s.currentRevision();
    const live = s.watch(p, { maxBuffered: 20_000 });
    const pad = 'x'.repeat(600);
    const ids = Array.from({ length: 10_000 }, (_, i) => i);
    const written = await pool(ids, 64, async (i) => (await s.create(`${p}${i}`, `${i}${pad}`)).modRevision);
    const expected = [...written].sort((x, y) => x - y);
    expect(new Set(expected).size).toBe(10_000);
    const seenLive = await take(live, 10_000, 20_000);
    live.stop();
    expect(seenLive.map((e) => e.revision)).toEqual(expected);
    const past = s.watch(p, { fromRevision: from, maxBuffered: 20_000 });
    const seenPast = await take(past, 10_000, 20_000);
    past.stop();
    expect(seenPast.map((e) => e.revision)).toEqual(expected);
    expect(seenPast.every((e) => e.type === 'create' && e.kv.value.endsWith(pad))).toBe(true);
    // A list larger than gRPC's default 4 MiB message limit.
    const all = await s.list(p);
    expect(all.items).toHaveLength(10_000);
  }, 60_000);

  test('initialState: the current state as creates at the revision read, then changes', async () => {
    const p = ns();
    const a = await s.create(`${p}a`, 'A');
    const b = await s.create(`${p}b`, 'B');
    const rev = await s.currentRevision();
    const w = s.watch(p, { initialState: true, fromRevision: 1 });
    const initial = await take(w, 2);
    expect(initial).toEqual([
      { type: 'create', key: `${p}a`, revision: rev, kv: a },
      { type: 'create', key: `${p}b`, revision: rev, kv: b },
    ]);
    const c = await s.create(`${p}c`, 'C');
    expect(await take(w, 1)).toEqual([{ type: 'create', key: `${p}c`, revision: c.modRevision, kv: c }]);
    w.stop();
  });

  test('compaction: old reads and watches end Expired; the compacted revision itself stays readable', async () => {
    const p = ns();
    const old = await s.create(`${p}a`, '1');
    await put(s, `${p}a`, '2');
    await s.create(`${p}b`, '3');
    const rev = await s.currentRevision();
    await s.compact(rev);
    expect(await s.compactedRevision()).toBeGreaterThanOrEqual(rev);
    expect(await rejection(s.get(`${p}a`, { revision: old.modRevision }))).toBe('Expired');
    expect(await rejection(s.list(p, { revision: old.modRevision }))).toBe('Expired');
    expect((await s.list(p, { revision: rev })).items).toHaveLength(2);
    const { events, error } = await drain(s.watch(p, { fromRevision: old.modRevision - 1 }));
    expect(events).toEqual([]);
    expect(code(error)).toBe('Expired');
    await s.compact(old.modRevision); // compacting below the compacted revision changes nothing
    expect(await s.compactedRevision()).toBeGreaterThanOrEqual(rev);
  });

  test('a watcher that stops reading is ended with Expired, not dropped silently', async () => {
    const p = ns();
    const w = s.watch(p, { maxBuffered: 10 });
    const revs: number[] = [];
    for (let i = 0; i < 50; i++) revs.push((await s.create(`${p}${i}`, 'v')).modRevision);
    await sleep(200);
    const { events, error } = await drain(w);
    expect(code(error)).toBe('Expired');
    expect(events.length).toBeLessThanOrEqual(10);
    expect(events.map((e) => e.revision)).toEqual(revs.slice(0, events.length));
  });

  test('leases: keys vanish with delete events on expiry and on revoke', async () => {
    const p = ns();
    const lease = await s.grantLease(1);
    const revoked = await s.grantLease(60);
    const a = await s.create(`${p}a`, 'A', { lease });
    const b = await s.create(`${p}b`, 'B', { lease: revoked });
    expect(a.lease).toBe(lease);
    const w = s.watch(p);
    await s.revokeLease(revoked);
    const [gone] = await take(w, 1);
    expect(gone).toMatchObject({ type: 'delete', key: `${p}b`, kv: b });
    expect(await s.get(`${p}b`)).toBeUndefined();
    const [expired] = await take(w, 1, 10_000);
    expect(expired).toMatchObject({ type: 'delete', key: `${p}a`, kv: a });
    expect(await s.get(`${p}a`)).toBeUndefined();
    await s.revokeLease(revoked); // unknown lease: no-op
    w.stop();
  }, 20_000);
});
