// etcd-only behaviour: reaching etcd, losing it, and getting it back.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { isStorageError } from '../../apiserver/storage/errors.js';
import { openEtcdStorage } from '../../apiserver/storage/etcd/index.js';
import type { Storage } from '../../apiserver/storage/interface.js';
import { startEtcd, type EtcdServer } from '../support/etcd.js';
import { drain, take } from '../support/watch.js';

describe('etcd storage backend', () => {
  let etcd: EtcdServer;
  let s: Storage;

  beforeAll(async () => {
    etcd = await startEtcd();
    s = await openEtcdStorage({ endpoints: etcd.endpoints });
  }, 60_000);
  afterAll(async () => {
    await s.close();
    await etcd.stop();
  }, 30_000);

  test('an unreachable etcd fails open() with one short Unavailable line', async () => {
    const started = Date.now();
    const err = await openEtcdStorage({ endpoints: ['http://127.0.0.1:1'], connectTimeoutMs: 300 }).catch(
      (e: unknown) => e,
    );
    expect(isStorageError(err, 'Unavailable')).toBe(true);
    const message = err instanceof Error ? err.message : '';
    expect(message).toMatch(/^cannot reach etcd at http:\/\/127\.0\.0\.1:1: .*ECONNREFUSED/);
    expect(message).not.toContain('\n');
    expect(message).not.toMatch(/UNAVAILABLE|grpc|Resolution note/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  test('a watch from now works when another client compacted past everything this client saw', async () => {
    const other = await openEtcdStorage({ endpoints: etcd.endpoints });
    try {
      for (let i = 0; i < 5; i++) await other.create(`/compacted-elsewhere/${i}`, 'v');
      await other.compact(await other.currentRevision());
      const w = s.watch('/from-now/');
      const kv = await other.create('/from-now/a', 'v');
      expect(await take(w, 1)).toEqual([
        { type: 'create', key: '/from-now/a', revision: kv.modRevision, kv },
      ]);
      w.stop();
      expect(await s.compactedRevision()).toBe(kv.modRevision - 1);
    } finally {
      await other.close();
    }
  });

  test('a watch survives an etcd restart without a gap or a duplicate', async () => {
    const w = s.watch('/restart/');
    const revs: number[] = [];
    for (let i = 0; i < 5; i++) revs.push((await s.create(`/restart/a${i}`, 'v')).modRevision);
    expect((await take(w, 5)).map((e) => e.revision)).toEqual(revs);
    await etcd.kill();
    await etcd.restart();
    for (let i = 0; i < 5; i++) revs.push((await s.create(`/restart/b${i}`, 'v')).modRevision);
    expect((await take(w, 5, 15_000)).map((e) => e.revision)).toEqual(revs.slice(5));
    w.stop();
  }, 60_000);

  test('with etcd down, requests and watches fail with Unavailable; they work again once it is back', async () => {
    const w = s.watch('/down/');
    await etcd.kill();
    const err = await s.get('/down/a').catch((e: unknown) => e);
    expect(isStorageError(err, 'Unavailable')).toBe(true);
    expect(err instanceof Error ? err.message : '').not.toMatch(/\n|UNAVAILABLE/);
    const create = await s.create('/down/a', 'v').catch((e: unknown) => e);
    expect(isStorageError(create, 'Unavailable')).toBe(true);
    const { events, error } = await drain(w, 20_000);
    expect(events).toEqual([]);
    expect(isStorageError(error, 'Unavailable')).toBe(true);
    await etcd.restart();
    const kv = await s.create('/down/a', 'v');
    expect(await s.get('/down/a')).toEqual(kv);
  }, 60_000);
});
