import { put as putValue } from '../../test/support/storage-put.js';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject, WatchEvent } from '../../api/meta.js';
import { openEmbeddedStorage, type EmbeddedStorage } from '../storage/embedded/index.js';
import type { WatchOptions, Watcher } from '../storage/interface.js';
import { WatchCache } from './cacher.js';
import { decodeEntry } from './entry.js';
import { matchEverything } from './filter.js';
import { cachedGet, cachedList } from './reads.js';
import { cachedWatch, type CacheWatchQuery } from './watch.js';
import type { CachedEvent } from './watcher.js';

const P = '/registry/core/configmaps/';
let dir: string;
let s: EmbeddedStorage;
let cache: WatchCache;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'orgplane-cache-'));
  s = await openEmbeddedStorage({ path: dir, leaseCheckIntervalMs: 0 });
});

afterEach(async () => {
  cache.stop();
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

const cm = (ns: string, name: string, labels: Record<string, string> = {}): string =>
  JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns, labels } });

async function put(ns: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const key = `${P}${ns}/${name}`;
  const kv = await putValue(s, key, cm(ns, name, labels));
  return kv.modRevision;
}

const query = (over: Partial<CacheWatchQuery> = {}): CacheWatchQuery => ({
  resourcePrefix: P,
  namespace: '',
  filter: matchEverything,
  resourceVersion: undefined,
  initialEvents: false,
  ...over,
});

const noFallback = (): never => {
  throw new Error('the cache should serve this watch');
};

async function take(
  it: AsyncIterator<WatchEvent<KubeObject>>,
  n: number,
): Promise<{ type: string; name: string; rv: string }[]> {
  const out: { type: string; name: string; rv: string }[] = [];
  while (out.length < n) {
    const r = await Promise.race([
      it.next(),
      new Promise<never>((_, rej) =>
        setTimeout(() => {
          rej(new Error(`timeout after ${String(out.length)}`));
        }, 5000),
      ),
    ]);
    if (r.done === true) throw new Error(`ended after ${String(out.length)}`);
    const o = r.value.object;
    out.push({ type: r.value.type, name: o.metadata.name ?? '', rv: o.metadata.resourceVersion ?? '' });
  }
  return out;
}

/** The test's storage with some of its methods replaced. */
type Replaceable = 'list' | 'listRevisions' | 'watch';

function storageWith(over: Partial<Pick<EmbeddedStorage, Replaceable>>): EmbeddedStorage {
  return new Proxy(s, {
    get(target, prop) {
      const replaced =
        prop === 'list' || prop === 'listRevisions' || prop === 'watch' ? over[prop] : undefined;
      if (replaced) return replaced;
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/** The test's storage with every list held until open() is called (a first load that takes long). */
function gatedLists(): { slow: EmbeddedStorage; open: () => void } {
  let open = (): void => undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const slow = storageWith({
    list: async (...args) => {
      await gate;
      return s.list(...args);
    },
    listRevisions: async (...args) => {
      await gate;
      return s.listRevisions(...args);
    },
  });
  return { slow, open };
}

describe('WatchCache', () => {
  it('loads existing objects, follows writes, and answers consistent gets and lists', async () => {
    await put('a', 'one');
    cache = new WatchCache(s);
    await cache.start();
    const rev = await put('a', 'two', { x: '1' });
    const got = await cachedGet(cache, P, `${P}a/two`);
    expect(got && decodeEntry(got).metadata).toMatchObject({ name: 'two', resourceVersion: String(rev) });
    expect(await cachedGet(cache, P, `${P}a/none`)).toBeNull();
    const page = await cachedList(cache, {
      resourcePrefix: P,
      listPrefix: `${P}a/`,
      namespace: 'a',
      filter: (o) => o.metadata.labels?.x === '1',
      limit: 0,
      resourceVersion: undefined,
      exact: false,
    });
    expect(page?.revision).toBe(rev);
    expect(page?.entries.map((e) => e.key)).toEqual([`${P}a/two`]);
  });

  it('pages at one revision and sends continues the resource changed since to storage', async () => {
    cache = new WatchCache(s);
    await cache.start();
    for (const n of ['a', 'b', 'c']) await put('ns', n);
    const q = {
      resourcePrefix: P,
      listPrefix: P,
      namespace: '',
      filter: matchEverything,
      limit: 2,
      resourceVersion: undefined,
      exact: false,
    };
    const first = await cachedList(cache, q);
    expect(first?.entries.map((e) => e.key)).toEqual([`${P}ns/a`, `${P}ns/b`]);
    expect(first?.next).toBe('ns/b');
    const token = { rv: first?.revision ?? 0, start: first?.next ?? '' };
    const second = await cachedList(cache, { ...q, token });
    expect(second?.entries.map((e) => e.key)).toEqual([`${P}ns/c`]);
    expect(second?.revision).toBe(first?.revision);
    await put('ns', 'd');
    await cache.waitFresh();
    expect(await cachedList(cache, { ...q, token })).toBeUndefined();
    expect(await cachedList(cache, { ...q, resourceVersion: 5, exact: true })).toBeUndefined();
  });

  it('watches: initial state, then changes, with selector transitions', async () => {
    await put('a', 'one', { app: 'x' });
    cache = new WatchCache(s);
    await cache.start();
    const w = cachedWatch(
      cache,
      query({ resourceVersion: 0, filter: (o) => o.metadata.labels?.app === 'x' }),
      noFallback,
    );
    const it = w[Symbol.asyncIterator]();
    expect(await take(it, 1)).toMatchObject([{ type: 'ADDED', name: 'one' }]);
    await put('a', 'one', { app: 'y' });
    await put('a', 'one', { app: 'x' });
    await put('a', 'two', { app: 'y' });
    await put('a', 'one', { app: 'x', more: '1' });
    await s.delete(`${P}a/one`);
    expect((await take(it, 4)).map((e) => `${e.type} ${e.name}`)).toEqual([
      'DELETED one',
      'ADDED one',
      'MODIFIED one',
      'DELETED one',
    ]);
    w.stop();
  });

  it('asks storage for no previous states and takes them from its own objects', async () => {
    const asked: WatchOptions[] = [];
    // etcd without prev_kv: updates carry no prev, a delete only its key and revision
    const bare = storageWith({
      watch: (prefix: string, opts: WatchOptions): Watcher => {
        asked.push(opts);
        const inner = s.watch(prefix, opts);
        return {
          stop: () => {
            inner.stop();
          },
          async *[Symbol.asyncIterator]() {
            for await (const ev of inner)
              yield ev.type === 'delete'
                ? { ...ev, kv: { ...ev.kv, value: '', modRevision: ev.revision } }
                : { type: ev.type, key: ev.key, revision: ev.revision, kv: ev.kv };
          },
        };
      },
    });
    await put('a', 'one', { app: 'x' });
    cache = new WatchCache(bare);
    await cache.start();
    const w = cachedWatch(
      cache,
      query({ resourceVersion: 0, filter: (o) => o.metadata.labels?.app === 'x' }),
      noFallback,
    );
    const it = w[Symbol.asyncIterator]();
    expect(await take(it, 1)).toMatchObject([{ type: 'ADDED', name: 'one' }]);
    await put('a', 'one', { app: 'y' });
    await put('a', 'one', { app: 'x', more: '1' });
    const del = (await s.delete(`${P}a/one`)).revision;
    const got = await take(it, 3);
    expect(got.map((e) => `${e.type} ${e.name}`)).toEqual(['DELETED one', 'ADDED one', 'DELETED one']);
    expect(got[2]?.rv).toBe(String(del));
    expect(asked.every((o) => o.prevStates === false)).toBe(true);
    expect(await cachedGet(cache, P, `${P}a/one`)).toBeNull();
    w.stop();
  });

  it('resumes from any revision still in the ring, and answers older ones with 410', async () => {
    cache = new WatchCache(s, { ring: { min: 2, max: 2, freshMs: 0 } });
    await cache.start();
    const r1 = await put('a', 'x1');
    const r2 = await put('a', 'x2');
    const r3 = await put('a', 'x3');
    await cache.waitFresh();
    const resumed = cachedWatch(cache, query({ resourceVersion: r1 }), noFallback);
    expect(await take(resumed[Symbol.asyncIterator](), 2)).toEqual([
      { type: 'ADDED', name: 'x2', rv: String(r2) },
      { type: 'ADDED', name: 'x3', rv: String(r3) },
    ]);
    resumed.stop();
    const old = cachedWatch(cache, query({ resourceVersion: r1 - 1 }), noFallback);
    const [ev] = await take(old[Symbol.asyncIterator](), 1);
    expect(ev?.type).toBe('ERROR');
  });

  it('ends a watcher that cannot keep up with 410 while the others continue', async () => {
    cache = new WatchCache(s, { watcherQueue: 3 });
    await cache.start();
    const stalled = cachedWatch(cache, query({ resourceVersion: 0 }), noFallback);
    const healthy = cachedWatch(cache, query({ resourceVersion: 0 }), noFallback);
    const st = stalled[Symbol.asyncIterator]();
    const he = healthy[Symbol.asyncIterator]();
    // both registered (the first next() starts them); nothing exists yet, so they wait for events
    const firstStalled = st.next();
    const firstHealthy = he.next();
    await new Promise((r) => setTimeout(r, 50));
    const seen: string[] = [];
    const reading = (async (): Promise<void> => {
      const r = await firstHealthy;
      if (r.done !== true) seen.push(r.value.object.metadata.name ?? '');
      for (const e of await take(he, 9)) seen.push(e.name);
    })();
    for (let i = 0; i < 10; i++) await put('a', `o${String(i)}`);
    await reading;
    expect(seen).toHaveLength(10);
    const r = await firstStalled;
    expect(r.done !== true && r.value.type).toBe('ADDED');
    const rest: string[] = [];
    for (;;) {
      const n = await st.next();
      if (n.done === true) break;
      rest.push(n.value.type);
    }
    expect(rest[rest.length - 1]).toBe('ERROR');
    expect(rest.length).toBeLessThan(10);
    healthy.stop();
  });

  it('ends the initial objects of sendInitialEvents with an initial-events-end bookmark, then reports progress', async () => {
    await put('a', 'one');
    cache = new WatchCache(s);
    await cache.start();
    const rev = await s.currentRevision();
    const w = cachedWatch(cache, query({ initialEvents: true, resourceVersion: 0 }), noFallback);
    expect(w.progress()).toBeUndefined();
    const it = w[Symbol.asyncIterator]();
    const [added, end] = await take(it, 2);
    expect(added).toMatchObject({ type: 'ADDED', name: 'one' });
    expect(end).toEqual({ type: 'BOOKMARK', name: '', rv: String(rev) });
    const next = it.next();
    await new Promise((r) => setTimeout(r, 20));
    expect(w.progress()).toBe(String(rev));
    const later = await put('a', 'two');
    const r = await next;
    expect(r.done !== true && r.value.type).toBe('ADDED');
    await cache.waitFresh();
    expect(w.progress()).toBe(String(later));
    w.stop();
  });

  it('relists after its storage watch fails, ending its watchers with 410', async () => {
    let fail = (): void => undefined;
    const flaky = storageWith({
      watch: (prefix: string, opts: WatchOptions): Watcher => {
        const inner = s.watch(prefix, opts);
        const failure = new Promise<never>((_, reject) => {
          fail = () => {
            reject(new Error('storage watch lost'));
          };
        });
        return {
          stop: () => {
            inner.stop();
          },
          async *[Symbol.asyncIterator]() {
            const it = inner[Symbol.asyncIterator]();
            for (;;) {
              const r = await Promise.race([it.next(), failure]);
              if (r.done === true) return;
              yield r.value;
            }
          },
        };
      },
    });
    cache = new WatchCache(flaky);
    await cache.start();
    const w = cachedWatch(cache, query({ resourceVersion: 0 }), noFallback);
    const it = w[Symbol.asyncIterator]();
    const first = it.next();
    await new Promise((r) => setTimeout(r, 20));
    fail();
    const r = await first;
    expect(r.done !== true && r.value.type).toBe('ERROR');
    expect(r.done !== true && r.value.object).toMatchObject({ code: 410 });
    const rev = await put('a', 'after');
    expect(await cache.waitFresh()).toBe(true);
    expect((await cachedGet(cache, P, `${P}a/after`))?.rev).toBe(rev);
  });

  it('sends bounded reads to storage at once during its first load; whole lists and watches wait for it', async () => {
    await put('a', 'one');
    const { slow, open } = gatedLists();
    // a wait for freshness far longer than the test: delegation must not wait at all
    cache = new WatchCache(slow, { freshTimeoutMs: 60_000, smallList: 0 });
    const loaded = cache.start();
    expect(cache.loading).toBe(true);
    const list = {
      resourcePrefix: P,
      listPrefix: P,
      namespace: '',
      filter: matchEverything,
      exact: false,
    };
    expect(await cachedList(cache, { ...list, limit: 10, resourceVersion: undefined })).toBeUndefined();
    expect(await cachedList(cache, { ...list, limit: 10, resourceVersion: 0 })).toBeUndefined();
    expect(await cachedGet(cache, P, `${P}a/one`)).toBeUndefined();
    // a whole list larger than smallList (0 here) and a watch made now wait for the load
    const whole = cachedList(cache, { ...list, limit: 0, resourceVersion: undefined });
    const w = cachedWatch(cache, query(), noFallback);
    const first = take(w[Symbol.asyncIterator](), 1);
    await new Promise((r) => setTimeout(r, 50));
    open();
    await loaded;
    expect(cache.loading).toBe(false);
    expect((await whole)?.entries.map((e) => e.key)).toEqual([`${P}a/one`]);
    expect((await first).map((e) => [e.type, e.name])).toEqual([['ADDED', 'one']]);
    w.stop();
  });

  it('holds a large list for the first load even past the wait for freshness', async () => {
    await put('a', 'one');
    const { slow, open } = gatedLists();
    cache = new WatchCache(slow, { freshTimeoutMs: 1, smallList: 0 });
    const loaded = cache.start();
    const q = { resourcePrefix: P, listPrefix: P, namespace: '', filter: matchEverything, exact: false };
    const whole = cachedList(cache, { ...q, limit: 0, resourceVersion: undefined });
    await new Promise((r) => setTimeout(r, 50));
    open();
    await loaded;
    expect((await whole)?.entries.map((e) => e.key)).toEqual([`${P}a/one`]);
  });

  it('reads a whole list of a few objects from storage during its first load', async () => {
    await put('a', 'one');
    const { slow, open } = gatedLists();
    cache = new WatchCache(slow, { freshTimeoutMs: 60_000 });
    const loaded = cache.start();
    const q = { resourcePrefix: P, listPrefix: P, namespace: '', filter: matchEverything, exact: false };
    expect(await cachedList(cache, { ...q, limit: 0, resourceVersion: undefined })).toBeUndefined();
    open();
    await loaded;
  });

  it('hands every watcher the same JSON text of an event, equal to the object serialized', async () => {
    await put('a', 'one');
    cache = new WatchCache(s);
    await cache.start();
    const watches = [0, 1].map(() => cachedWatch(cache, query({ resourceVersion: 0 }), noFallback));
    const its = watches.map((w) => w[Symbol.asyncIterator]());
    const firsts = its.map((i) => i.next());
    await new Promise((r) => setTimeout(r, 20));
    await put('a', 'one', { x: 'y' });
    await s.delete(`${P}a/one`);
    const seen: CachedEvent[][] = [[], []];
    for (const [i, it] of its.entries()) {
      const first = await firsts[i];
      if (first?.done === false) seen[i]?.push(first.value);
      for (let n = 0; n < 2; n++) {
        const r = await it.next();
        if (r.done !== true) seen[i]?.push(r.value);
      }
    }
    const [a = [], b = []] = seen;
    expect(a.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
    for (const [i, e] of a.entries()) {
      expect(e.raw).toBe(JSON.stringify(e.object));
      expect(b[i]?.raw).toBe(e.raw);
    }
    // the DELETED text is made once and shared
    expect(Object.is(a[2]?.raw, b[2]?.raw)).toBe(true);
    for (const w of watches) w.stop();
  });
});
