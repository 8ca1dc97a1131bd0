// The watch cache over etcd with its texts in a spill file that removes retired versions at once
// (no grace) behind a ring of 8 events: every get and list still answers what storage holds, and the
// file holds no more than the live objects plus the versions the ring's events replaced.
// ORGPLANE_CACHE_SEED=<n> replays a failing sequence.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WatchCache } from '../../apiserver/cache/cacher.js';
import { decodeEntry } from '../../apiserver/cache/entry.js';
import { CacheSpill } from '../../apiserver/cache/spill.js';
import { decode } from '../../apiserver/storage/codec.js';
import type { Storage } from '../../apiserver/storage/interface.js';
import { etcdBackend } from '../support/storage-backends.js';
import { put } from '../support/storage-put.js';
import { prng } from '../support/watch-cache.js';

const SEED = Number(process.env.ORGPLANE_CACHE_SEED ?? Date.now() % 1_000_000);
const RING = 8;
const PREFIX = '/registry/core/configmaps/';
const KEYS = Array.from({ length: 12 }, (_, i) => `${PREFIX}ns${String(i % 3)}/c${String(i)}`);
const replay = (what: string): string => `${what} (replay with ORGPLANE_CACHE_SEED=${String(SEED)})`;

describe('watch cache with a spill file on etcd', () => {
  const backend = etcdBackend();
  let s: Storage;
  let dir: string;
  let spill: CacheSpill;
  let cache: WatchCache;

  beforeAll(async () => {
    s = await backend.open();
    dir = await mkdtemp(join(tmpdir(), 'cache-spill-'));
    spill = await CacheSpill.open(dir, { graceMs: 0 });
    cache = new WatchCache(s, { ring: { min: RING, max: RING, freshMs: 0 }, texts: Promise.resolve(spill) });
    await cache.start();
  }, 60_000);
  afterAll(async () => {
    cache.stop();
    await spill.close();
    await rm(dir, { recursive: true, force: true });
    await backend.cleanup();
  }, 30_000);

  test(`retired versions leave the file and nothing live goes with them (seed ${String(SEED)})`, async () => {
    const rand = prng(SEED);
    for (let step = 0; step < 300; step++) {
      const key = KEYS[rand(KEYS.length)] ?? '';
      const [, ns = '', name = ''] = /ns(\d)\/(c\d+)$/.exec(key) ?? [];
      if (rand(4) === 0) await s.delete(key).catch(() => undefined);
      else {
        const value = {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name, namespace: `ns${ns}` },
          data: { step: String(step) },
        };
        await put(s, key, JSON.stringify(value));
      }
      if (step % 10 !== 9) continue;
      expect(await cache.waitFresh()).toBe(true);
      spill.sweep();
      await spill.committed();
      const r = cache.resource(PREFIX);
      let live = 0;
      for (const k of KEYS) {
        const stored = await s.get(k);
        const cached = r?.get(k);
        if (stored) live++;
        expect({ k: replay(k), cached: cached && decodeEntry(cached) }).toEqual({
          k: replay(k),
          cached: stored && decode(stored),
        });
      }
      expect(spill.size).toBeGreaterThanOrEqual(live);
      expect(spill.size).toBeLessThanOrEqual(live + RING);
    }
  }, 120_000);
});
