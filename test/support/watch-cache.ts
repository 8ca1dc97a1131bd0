/** Helpers of the watch-cache integration test: a seeded PRNG, paged lists, watch reads. */
import type { KubeObject, WatchEvent } from '../../api/meta.js';
import type { ResourceInfo } from '../../api/resource.js';
import type { WatchCache } from '../../apiserver/cache/cacher.js';
import { listObjects, rawListJson, type ListRequest } from '../../apiserver/registry/list.js';
import { ObjectCache } from '../../apiserver/registry/objcache.js';
import type { ObjectWatch } from '../../apiserver/registry/watch.js';
import type { Storage } from '../../apiserver/storage/interface.js';

/** mulberry32: a small seeded PRNG, so a failing sequence replays from its seed. */
export function prng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

/** Every page of a list, as text, with the tokens followed; errors as their message. */
export async function allPages(
  s: Storage,
  cache: WatchCache | undefined,
  res: ResourceInfo,
  req: ListRequest,
): Promise<string[]> {
  const pages: string[] = [];
  let cont: string | undefined;
  do {
    try {
      const r = await listObjects(
        s,
        new ObjectCache(),
        res,
        { ...req, ...(cont ? { continueToken: cont } : {}) },
        cache,
      );
      pages.push(rawListJson(r));
      cont = r.list.metadata.continue;
    } catch (err) {
      pages.push(`error: ${String(err)}`);
      cont = undefined;
    }
  } while (cont !== undefined && pages.length < 50);
  return pages;
}

export type Seen = string;
export const show = (e: WatchEvent<KubeObject>): Seen =>
  `${e.type} ${e.object.metadata.namespace ?? ''}/${e.object.metadata.name ?? ''}@${e.object.metadata.resourceVersion ?? ''}`;

/** Read a watch until an event matching `until` (included), within 5 s. */
export async function readUntil(w: ObjectWatch, until: (s: Seen) => boolean): Promise<Seen[]> {
  const out: Seen[] = [];
  const it = w[Symbol.asyncIterator]();
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    let timer: NodeJS.Timeout | undefined;
    const r = await Promise.race([
      it.next(),
      new Promise<'timeout'>(
        (res) =>
          (timer = setTimeout(() => {
            res('timeout');
          }, deadline - Date.now())),
      ),
    ]);
    clearTimeout(timer);
    if (r === 'timeout' || r.done === true) break;
    const seen = show(r.value);
    out.push(seen);
    if (until(seen) || r.value.type === 'ERROR') break;
  }
  w.stop();
  return out;
}

/** The storage with its list calls counted (to see which answers came from the cache). */
export function counting(s: Storage): { storage: Storage; lists: () => number } {
  let n = 0;
  const storage = new Proxy(s, {
    get(target, prop) {
      if (prop === 'list') {
        return (...args: Parameters<Storage['list']>) => {
          n++;
          return target.list(...args);
        };
      }
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return { storage, lists: () => n };
}
