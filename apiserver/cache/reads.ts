/**
 * Reads answered from the watch cache, or `undefined` when the cache cannot answer one correctly
 * and the caller must read storage: an Exact resourceVersion, a continue token of a revision the
 * resource has changed since, or a cache that did not catch up within its wait.
 *
 * resourceVersion modes (kube's): unset → consistent (wait until the cache has seen storage's
 * current revision); "0" → whatever the cache holds now; N → not older than N (wait for N).
 */
import type { KubeObject } from '../../api/meta.js';
import type { WatchCache } from './cacher.js';
import type { Entry } from './entry.js';
import { matchEverything } from './filter.js';
import { firstAfter, type ResourceState } from './resource.js';

export interface CacheListQuery {
  /** /registry/<group>/<plural>/ */
  readonly resourcePrefix: string;
  /** the list's key prefix (the resource's, or one namespace's) */
  readonly listPrefix: string;
  /** the namespace listed, '' for all (or a cluster-scoped kind) */
  readonly namespace: string;
  readonly filter: (obj: KubeObject) => boolean;
  readonly exactName?: string;
  /** 0: no limit */
  readonly limit: number;
  /** a continue token's revision and start (relative to listPrefix) */
  readonly token?: { readonly rv: number; readonly start: string };
  /** parsed resourceVersion: undefined when unset */
  readonly resourceVersion: number | undefined;
  readonly exact: boolean;
}

export interface CachePage {
  /** matching entries, in key order */
  readonly entries: readonly Entry[];
  /** decoded objects where the filter already decoded them (same index as entries) */
  readonly decoded: readonly (KubeObject | undefined)[];
  /** the texts the filter read (same index; an entry may read its text from storage each time) */
  readonly texts: readonly (string | undefined)[];
  readonly revision: number;
  /** start key (relative to listPrefix) of the continue token, when more keys follow */
  readonly next?: string;
}

/**
 * Wait as the resourceVersion asks; true when the cache may answer. During the cache's first load a
 * bounded read (a get, a page, a list of at most cache.smallList objects) goes to storage at once;
 * a larger list waits for the load (at most cache.loadWaitMs), because storage would hold all of it
 * in memory at once while the cache loads the same objects.
 */
async function ready(cache: WatchCache, rv: number | undefined, bounded: boolean): Promise<boolean> {
  if (cache.loading && (bounded || !(await cache.waitLoaded()))) return false;
  if (rv === undefined) return cache.waitFresh();
  if (rv === 0) return cache.isSynced;
  return cache.waitFor(rv);
}

function page(r: ResourceState, q: CacheListQuery, revision: number): CachePage {
  const keys = r.keys(q.namespace);
  const entries: Entry[] = [];
  const decoded: (KubeObject | undefined)[] = [];
  const texts: (string | undefined)[] = [];
  const all = q.filter === matchEverything;
  const from = q.token ? firstAfter(keys, q.listPrefix + q.token.start) : 0;
  for (let i = from; i < keys.length; i++) {
    const key = keys[i] ?? '';
    if (q.exactName !== undefined && key.slice(key.lastIndexOf('/') + 1) !== q.exactName) continue;
    const e = r.get(key);
    if (!e) continue;
    const text = all ? undefined : e.json;
    const obj = text === undefined ? undefined : (JSON.parse(text) as KubeObject);
    if (obj && !q.filter(obj)) continue;
    entries.push(e);
    decoded.push(obj);
    texts.push(text);
    if (q.limit > 0 && entries.length >= q.limit) {
      const more = i < keys.length - 1;
      const next = more ? { next: key.slice(q.listPrefix.length) } : {};
      return { entries, decoded, texts, revision, ...next };
    }
  }
  return { entries, decoded, texts, revision };
}

/** At most cache.smallList keys under prefix (false when storage cannot say). */
async function fewUnder(cache: WatchCache, prefix: string): Promise<boolean> {
  const n = await cache.storage.count(prefix).catch(() => Infinity);
  return n <= cache.smallList;
}

export async function cachedList(cache: WatchCache, q: CacheListQuery): Promise<CachePage | undefined> {
  if (q.exact && q.resourceVersion !== undefined) return undefined;
  if (q.token) {
    const { rv } = q.token;
    const r = cache.resource(q.resourcePrefix);
    // the resource is unchanged between the token's revision and now: the cache holds that state
    if (!r || r.lastChange > rv || rv > cache.rev) return undefined;
    return page(r, q, rv);
  }
  const bounded = q.limit > 0 || (cache.loading && (await fewUnder(cache, q.listPrefix)));
  if (!(await ready(cache, q.resourceVersion, bounded))) return undefined;
  const r = cache.resource(q.resourcePrefix);
  return r ? page(r, q, cache.rev) : undefined;
}

/** A get: the entry (or null when absent), undefined when storage must answer. */
export async function cachedGet(
  cache: WatchCache,
  resourcePrefix: string,
  key: string,
  rv?: number,
): Promise<Entry | null | undefined> {
  if (!(await ready(cache, rv, true))) return undefined;
  const r = cache.resource(resourcePrefix);
  return r ? (r.get(key) ?? null) : undefined;
}
