/**
 * An in-memory view of every key under a storage prefix: list once, then follow a watch from the
 * list's revision; when the watch ends (compaction, backend restart) relist and follow again.
 * Several API servers sharing one store each keep their own view this way.
 */
import type winston from 'winston';
import type { KeyValue, Storage, WatchEvent } from '../storage/interface.js';

export interface PrefixView {
  /** replace the whole view with the keys listed at a revision */
  reset(items: readonly KeyValue[]): void;
  /** apply one change seen by the watch */
  apply(ev: WatchEvent): void;
}

export interface Follower {
  /** resolves once the first list has been applied */
  readonly ready: Promise<void>;
  /** the revision the view reflects: the list's, or the last event's */
  revision(): number;
  /** resolves true once the view reflects `rev` (false after timeoutMs) */
  caughtUp(rev: number, timeoutMs?: number): Promise<boolean>;
  stop(): void;
}

const RELIST_DELAY_MS = 200;

export function followPrefix(
  storage: Storage,
  prefix: string,
  view: PrefixView,
  logger: winston.Logger,
): Follower {
  const state = { stopped: false };
  const stopped = (): boolean => state.stopped;
  let seen = 0;
  let stopWatch = (): void => undefined;
  const waiters = new Set<() => void>();
  const advance = (rev: number): void => {
    if (rev > seen) seen = rev;
    for (const w of waiters) w();
  };
  const relist = async (): Promise<number> => {
    const list = await storage.list(prefix);
    view.reset(list.items);
    advance(list.revision);
    return list.revision;
  };
  const follow = async (from: number): Promise<void> => {
    const w = storage.watch(prefix, { fromRevision: from });
    stopWatch = () => {
      w.stop();
    };
    for await (const ev of w) {
      view.apply(ev);
      advance(ev.revision);
    }
  };
  const loop = async (first: number): Promise<void> => {
    let rev = first;
    while (!stopped()) {
      try {
        await follow(rev);
      } catch (err) {
        logger.warn('watch ended; relisting', { prefix, error: String(err) });
      }
      if (stopped()) return;
      await new Promise((r) => setTimeout(r, RELIST_DELAY_MS));
      rev = await relist().catch(() => rev);
    }
  };
  const ready = relist().then((rev) => {
    void loop(rev);
  });
  return {
    ready,
    revision: () => seen,
    caughtUp: (rev, timeoutMs = 5000) =>
      new Promise<boolean>((resolve) => {
        if (seen >= rev) {
          resolve(true);
          return;
        }
        const check = (): void => {
          if (seen < rev) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(true);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          resolve(seen >= rev);
        }, timeoutMs);
        timer.unref();
        waiters.add(check);
      }),
    stop: () => {
      state.stopped = true;
      stopWatch();
      for (const w of waiters) w();
    },
  };
}
