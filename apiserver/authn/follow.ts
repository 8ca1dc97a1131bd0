/**
 * An in-memory view of every key under a prefix of the registry's layout: list once, then follow a watch from the
 * list's revision; when the watch ends (compaction, backend restart) relist and follow again.
 * Several API servers sharing one store each keep their own view this way.
 */
import type winston from 'winston';
import type { InternalStore, RecordEvent, StoredRecord } from '../registry/internal.js';

export interface PrefixView {
  /** replace the whole view with the keys listed at a revision */
  reset(items: readonly StoredRecord[]): void;
  /** apply one change seen by the watch */
  apply(ev: RecordEvent): void;
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
  source: Pick<InternalStore, 'list' | 'watch'>,
  prefix: string,
  view: PrefixView,
  logger: winston.Logger,
): Follower {
  const state = { stopped: false };
  const stopped = (): boolean => state.stopped;
  let seen = 0;
  let stopWatch = (): void => undefined;
  const waiters = new Set<() => void>();
  /**
   * Waiters hear of a revision on the next turn of the event loop: the other events of the same
   * transaction (one revision, delivered together) are applied by then.
   */
  const advance = (rev: number): void => {
    if (rev > seen) seen = rev;
    if (waiters.size > 0)
      setImmediate(() => {
        for (const w of waiters) w();
      });
  };
  const relist = async (): Promise<number> => {
    const list = await source.list(prefix);
    view.reset(list.items);
    advance(list.revision);
    return list.revision;
  };
  const follow = async (from: number): Promise<void> => {
    const w = source.watch(prefix, from);
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
