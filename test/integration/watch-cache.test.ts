// The watch cache against storage, in the storage-conformance spirit: a seeded random sequence of
// writes goes through storage on each backend, and after each step the cache must answer every get,
// list (selectors, paging, each resourceVersion mode) and watch (from several revisions, across
// cache restarts) exactly as storage does. ORGPLANE_CACHE_SEED=<n> replays a failing sequence.
import { put } from '../support/storage-put.js';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { KubeObject } from '../../api/meta.js';
import type { ResourceInfo } from '../../api/resource.js';
import { builtinResources } from '../../api/resources.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WatchCache, type WatchCacheOptions } from '../../apiserver/cache/cacher.js';
import { CacheSpill } from '../../apiserver/cache/spill.js';
import { matchEverything } from '../../apiserver/cache/filter.js';
import { objectKey } from '../../apiserver/registry/keys.js';
import { listObjects, type ListRequest } from '../../apiserver/registry/list.js';
import { ObjectCache } from '../../apiserver/registry/objcache.js';
import { watchObjects } from '../../apiserver/registry/watch.js';
import type { Storage } from '../../apiserver/storage/interface.js';
import { backends } from '../support/storage-backends.js';
import { allPages, counting, prng, readUntil } from '../support/watch-cache.js';

const SEED = Number(process.env.ORGPLANE_CACHE_SEED ?? Date.now() % 1_000_000);
const STEPS = 60;
const replay = (what: string): string => `${what} (replay with ORGPLANE_CACHE_SEED=${String(SEED)})`;

const resource = (plural: string): ResourceInfo => {
  const r = builtinResources().find((x) => x.group === '' && x.plural === plural);
  if (!r) throw new Error(plural);
  return r;
};
/** a namespaced and a cluster-scoped kind */
const events = resource('events');
const namespaces = resource('namespaces');
const NS = ['a', 'b', 'c'];
const NAMES = ['p', 'q', 'r', 's', 't'];

const FILTERS: [string, (o: KubeObject) => boolean][] = [
  ['everything', matchEverything],
  ['color=red', (o) => o.metadata.labels?.color === 'red'],
];

function body(res: ResourceInfo, ns: string, name: string, color: string, n: number): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: res.kind,
    metadata: { name, ...(res.namespaced ? { namespace: ns } : {}), labels: { color } },
    data: { n: String(n) },
  });
}

const keyOf = (res: ResourceInfo, ns: string, name: string): string =>
  objectKey(res, ns, res.namespaced ? name : `ns-${name}`);

/** Every list request of one kind: namespaces, selectors, limits, resourceVersion modes. */
function listRequests(res: ResourceInfo, ns: string, rvNow: string, old: string): [string, ListRequest][] {
  const out: [string, ListRequest][] = [];
  const modes: [string | undefined, string | undefined][] = [[undefined, undefined]];
  for (const rv of [rvNow, old]) for (const m of [undefined, 'NotOlderThan', 'Exact']) modes.push([rv, m]);
  for (const [label, filter] of FILTERS)
    for (const namespace of res.namespaced ? ['', ns] : [''])
      for (const limit of [0, 1, 3])
        for (const [rv, match] of modes)
          out.push([
            `${res.plural} ns=${namespace} ${label} limit=${String(limit)} rv=${rv ?? ''} ${match ?? ''}`,
            {
              namespace,
              filter,
              limit,
              ...(rv !== undefined ? { resourceVersion: rv } : {}),
              ...(match !== undefined ? { resourceVersionMatch: match } : {}),
            },
          ]);
  return out;
}

describe.each(backends)('watch cache on $name', (backend) => {
  let s: Storage;
  let cache: WatchCache;
  const rand = prng(SEED);
  const revs: number[] = [];
  /** revisions before this one predate the running cache: it answers them with 410 */
  let cacheStart = 0;
  const tokens: { res: ResourceInfo; req: ListRequest }[] = [];
  let outside = 0;
  /** etcd: the cache's texts in a spill file, as the server keeps them */
  let spillDir: string | undefined;
  let spill: CacheSpill | undefined;
  let options: WatchCacheOptions = { freshTimeoutMs: 10_000 };

  const restart = async (): Promise<void> => {
    cache.stop();
    cache = new WatchCache(s, options);
    await cache.start();
    cacheStart = cache.rev;
    revs.push(cacheStart);
  };

  beforeAll(async () => {
    s = await backend.open();
    if (!s.valueAt) {
      spillDir = await mkdtemp(join(tmpdir(), 'cache-spill-'));
      spill = await CacheSpill.open(spillDir);
      options = { ...options, texts: Promise.resolve(spill) };
    }
    cache = new WatchCache(s, options);
    await cache.start();
    cacheStart = cache.rev;
    revs.push(cacheStart);
  }, 60_000);
  afterAll(async () => {
    cache.stop();
    await spill?.close();
    if (spillDir) await rm(spillDir, { recursive: true, force: true });
    await backend.cleanup();
  }, 30_000);

  /** One random write: put, delete, a write outside /registry/, a two-key txn, or a cache restart. */
  async function randomStep(step: number): Promise<string> {
    const res = rand(4) === 0 ? namespaces : events;
    const ns = NS[rand(NS.length)] ?? 'a';
    const name = NAMES[rand(NAMES.length)] ?? 'p';
    const key = keyOf(res, ns, name);
    const op = rand(10);
    if (op < 5) {
      const value = body(res, ns, name, rand(2) === 0 ? 'red' : 'blue', rand(3));
      revs.push((await put(s, key, value)).modRevision);
    } else if (op < 7) {
      await s.delete(key).catch(() => undefined);
    } else if (op < 8) {
      await s.create(`/orgplane/cache-test/${String(++outside)}`, String(step));
    } else if (op < 9) {
      const other = NAMES[rand(NAMES.length)] ?? 'p';
      const k2 = keyOf(events, 'x', other);
      await s.txn({
        compares: [],
        success: [
          { type: 'put', key, value: body(res, ns, name, 'red', 9) },
          { type: 'put', key: k2, value: body(events, 'x', other, 'blue', rand(3)) },
        ],
      });
    } else {
      await restart();
    }
    return ns;
  }

  async function checkGets(ns: string): Promise<void> {
    await cache.waitFresh();
    for (const n of NAMES)
      for (const r of [events, namespaces]) {
        const k = keyOf(r, ns, n);
        const cached = cache.resource(`/registry/core/${r.plural}/`)?.get(k);
        expect({ k: replay(k), rev: cached?.rev }).toEqual({
          k: replay(k),
          rev: (await s.get(k))?.modRevision,
        });
      }
  }

  async function checkLists(ns: string): Promise<void> {
    const rvNow = String(await s.currentRevision());
    const old = String(revs[rand(revs.length)] ?? 1);
    for (const r of [events, namespaces])
      for (const [where, req] of listRequests(r, ns, rvNow, old)) {
        const expected = await allPages(s, undefined, r, req);
        const counted = counting(s);
        const got = await allPages(counted.storage, cache, r, req);
        // every mode but Exact is answered by the cache, all pages included
        if (req.resourceVersionMatch !== 'Exact')
          expect({ where, lists: counted.lists() }).toEqual({ where, lists: 0 });
        // NotOlderThan an old revision: storage answers its current one, the cache its own
        if (req.resourceVersion === old && req.resourceVersionMatch !== 'Exact') continue;
        expect({ where: replay(where), got }).toEqual({ where: replay(where), got: expected });
        if (req.limit === 1) tokens.push({ res: r, req });
      }
  }

  /** First pages' continue tokens, followed after later writes: cache or storage, same answer. */
  async function checkOldTokens(): Promise<void> {
    const all = tokens.splice(0);
    for (let i = 0; i < 6 && all.length > 0; i++) {
      const t = all.splice(rand(all.length), 1)[0];
      if (!t) break;
      const first = await listObjects(s, new ObjectCache(), t.res, t.req);
      const token = first.list.metadata.continue;
      if (token === undefined) continue;
      await randomStep(-1);
      const req = { ...t.req, continueToken: token };
      const expected = await allPages(s, undefined, t.res, req);
      const got = await allPages(s, cache, t.res, req);
      expect({ where: replay('continue'), got }).toEqual({ where: replay('continue'), got: expected });
    }
  }

  async function checkWatches(): Promise<void> {
    for (const rv of revs.filter((r) => r < cacheStart).slice(-1)) {
      const req = { namespace: '', filter: matchEverything, resourceVersion: String(rv) };
      expect(await readUntil(watchObjects(s, events, req, cache), () => false)).toEqual(['ERROR /@']);
    }
    const starts = [
      ...[...new Set(revs)]
        .filter((r) => r >= cacheStart)
        .slice(-5)
        .map(String),
      '0',
      undefined,
    ];
    const isMarker = (e: string): boolean => e.includes('a/zz-marker');
    // rv=0 may start from an older state than storage's; once caught up both start from the same
    await cache.waitFresh();
    const reads = starts.flatMap((rv) =>
      FILTERS.flatMap(([, filter]) =>
        ['', 'a'].map((namespace) => {
          const req = { namespace, filter, resourceVersion: rv };
          return {
            where: replay(`watch rv=${rv ?? ''} ns=${namespace}`),
            cached: readUntil(watchObjects(s, events, req, cache), isMarker),
            direct: readUntil(watchObjects(s, events, req), isMarker),
          };
        }),
      ),
    );
    await new Promise((r) => setTimeout(r, 300));
    const value = body(events, 'b', 'p', 'red', 7);
    await put(s, keyOf(events, 'b', 'p'), value);
    await s.create(keyOf(events, 'a', 'zz-marker'), body(events, 'a', 'zz-marker', 'red', 0));
    for (const r of reads) {
      const [got, expected] = await Promise.all([r.cached, r.direct]);
      expect({ where: r.where, got }).toEqual({ where: r.where, got: expected });
    }
  }

  test(`random writes: gets, lists and watches match storage (seed ${String(SEED)})`, async () => {
    for (let step = 0; step < STEPS; step++) {
      const ns = await randomStep(step);
      await checkGets(ns);
      await checkLists(ns);
      if (step % 10 === 9) await checkOldTokens();
    }
    await checkWatches();
  }, 300_000);
});
