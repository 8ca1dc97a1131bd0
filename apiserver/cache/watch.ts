/**
 * A watch served by the cache. rv unset: wait for a consistent start, then the current objects as
 * ADDED and the changes after them; "0": the same without waiting; N: the events after N from the
 * resource's ring, or an ERROR 410 when the ring no longer reaches back to N or storage has
 * compacted N away (DESIGN: watching a compacted revision answers 410, cache or not; that check is
 * the one storage call of a resumed watch).
 * `sendInitialEvents` asks for the initial objects whatever rv is, followed by a BOOKMARK marked
 * k8s.io/initial-events-end at the revision they were read at. When the cache is not usable
 * within its wait, `fallback` (a storage watch) serves instead.
 */
import type { KubeObject, WatchEvent } from '../../api/meta.js';
import { expired } from '../errors/status.js';
import type { WatchCache } from './cacher.js';
import type { Entry } from './entry.js';
import type { CacheEvent } from './event.js';
import { CacheWatcher, type CachedEvent } from './watcher.js';

export interface CacheWatchQuery {
  readonly resourcePrefix: string;
  /** '' = every namespace */
  readonly namespace: string;
  readonly filter: (obj: KubeObject) => boolean;
  /** parsed resourceVersion: undefined when unset */
  readonly resourceVersion: number | undefined;
  readonly initialEvents: boolean;
}

/** A watch whose events can be read in batches (each batch: what is ready, to go out in one write). */
export interface BatchedWatch {
  batches(): AsyncIterable<readonly WatchEvent<KubeObject>[]>;
}

export interface CachedWatch extends AsyncIterable<CachedEvent>, BatchedWatch {
  stop(): void;
  /** the resourceVersion a progress BOOKMARK may carry now (see CacheWatcher.progress) */
  progress(): string | undefined;
  batches(): AsyncIterable<readonly CachedEvent[]>;
}

/** The events of any watch in batches: its own when it has them, else one event per batch. */
export async function* batchesOf<E>(
  w: AsyncIterable<E> & Partial<{ batches(): AsyncIterable<readonly E[]> }>,
): AsyncGenerator<readonly E[]> {
  if (w.batches) {
    yield* w.batches();
    return;
  }
  for await (const ev of w) yield [ev];
}

const tooOld = (rv: number, floor: number): WatchEvent<KubeObject> => ({
  type: 'ERROR',
  object: expired(`too old resource version: ${rv} (${floor})`).status as unknown as KubeObject,
});

export function cachedWatch(
  cache: WatchCache,
  q: CacheWatchQuery,
  fallback: () => AsyncIterable<WatchEvent<KubeObject>> & { stop(): void },
): CachedWatch {
  let stopped = false;
  let watcher: CacheWatcher | undefined;
  let storageWatch: { stop(): void } | undefined;
  const rv = q.resourceVersion;
  const resumes = !q.initialEvents && rv !== undefined && rv > 0;
  async function* batches(): AsyncGenerator<readonly CachedEvent[]> {
    // a watch made during the first load waits for it: every watcher shares the one storage watch
    await cache.firstLoad();
    const ok = rv === undefined ? await cache.waitFresh() : await cache.waitFor(rv);
    const compacted = resumes ? await cache.storage.compactedRevision().catch(() => 0) : 0;
    if (stopped) return;
    const r = ok ? cache.resource(q.resourcePrefix) : undefined;
    if (!r) {
      const w = fallback();
      storageWatch = w;
      for await (const ev of w) yield [ev];
      return;
    }
    // from here to sinks.add nothing awaits: the snapshot and the live events meet exactly
    let initial: Entry[] = [];
    let history: CacheEvent[] = [];
    if (!resumes) {
      initial = r.keys(q.namespace).flatMap((k) => r.get(k) ?? []);
    } else {
      const since = rv < compacted ? undefined : r.ring.since(rv);
      if (!since) {
        yield [tooOld(rv, Math.max(compacted, r.ring.floor))];
        return;
      }
      history = q.namespace === '' ? since : since.filter((e) => e.entry.namespace === q.namespace);
    }
    const w = new CacheWatcher({
      namespace: q.namespace,
      filter: q.filter,
      maxQueue: cache.watcherQueue,
      initial,
      history,
      ...(q.initialEvents ? { initialEnd: cache.rev } : {}),
      currentRevision: () => cache.rev,
      onEnd: (x) => r.sinks.delete(x),
      onOverflow: () => cache.metrics?.watcherTerminated(r.prefix),
    });
    watcher = w;
    r.sinks.add(w);
    yield* w.batches();
  }
  return {
    stop: () => {
      stopped = true;
      watcher?.stop();
      storageWatch?.stop();
    },
    progress: () => {
      const p = watcher?.progress();
      return p !== undefined && p > 0 ? String(p) : undefined;
    },
    batches,
    async *[Symbol.asyncIterator](): AsyncGenerator<CachedEvent> {
      for await (const batch of batches()) yield* batch;
    },
  };
}
