/**
 * Keeps an RbacIndex (or another SyncedIndex, given its key prefix) current from storage (read through the registry's internal store),
 * informer-style: list every RBAC object (one consistent
 * revision, paged), swap it into the index at once, then apply watch events from that revision.
 * When the watch ends (Expired after compaction or falling behind, Unavailable), relist with a
 * backoff (100 ms doubling to 30 s, reset by a successful list). Several API servers on one etcd
 * each follow the same events, so all authorize alike.
 */
import type winston from 'winston';
import type { InternalStore, RecordEvent, RecordWatch, StoredRecord } from '../registry/internal.js';
import { RBAC_PREFIX } from './rbac-objects.js';

/** An in-memory index fed by a list and then the watch of one key prefix (RbacIndex, NamespaceTree, ...). */
export interface SyncedIndex {
  revision: number;
  reset(items: Iterable<{ readonly key: string; readonly value: string }>, revision: number): void;
  apply(ev: Pick<RecordEvent, 'type' | 'key' | 'revision' | 'record'>): void;
}

export interface RbacSync {
  /** resolves once the first list is in the index */
  readonly ready: Promise<void>;
  /** resolves once the index reflects `revision` (the resourceVersion of an RBAC write) */
  waitFor(revision: number): Promise<void>;
  stop(): void;
}

export interface RbacSyncOptions {
  readonly logger: winston.Logger;
  readonly retryDelayMs?: number;
  readonly pageSize?: number;
  /** the key prefix to follow (default: every RBAC object) */
  readonly prefix?: string;
}

const MAX_DELAY_MS = 30_000;

export type RbacSource = Pick<InternalStore, 'list' | 'watch'>;

async function listAll(
  source: RbacSource,
  prefix: string,
  pageSize: number,
): Promise<{ items: StoredRecord[]; revision: number }> {
  const items: StoredRecord[] = [];
  let page = await source.list(prefix, { limit: pageSize });
  items.push(...page.items);
  while (page.more) {
    const last = page.items[page.items.length - 1];
    if (!last) break;
    page = await source.list(prefix, {
      limit: pageSize,
      revision: page.revision,
      continueAfter: last.key,
    });
    items.push(...page.items);
  }
  return { items, revision: page.revision };
}

export function syncRbacIndex(source: RbacSource, index: SyncedIndex, opts: RbacSyncOptions): RbacSync {
  const prefix = opts.prefix ?? RBAC_PREFIX;
  const baseDelay = opts.retryDelayMs ?? 100;
  const state = { stopped: false };
  /** read through a call: the loop's awaits let stop() flip it */
  const isStopped = (): boolean => state.stopped;
  let watcher: RecordWatch | undefined;
  let cancelSleep = (): void => undefined;
  let waiters: { revision: number; resolve: () => void }[] = [];
  let markReady = (): void => undefined;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  const notify = (): void => {
    const due = waiters.filter((w) => state.stopped || w.revision <= index.revision);
    waiters = waiters.filter((w) => !due.includes(w));
    for (const w of due) w.resolve();
  };

  const follow = async (revision: number): Promise<void> => {
    const w = source.watch(prefix, revision);
    watcher = w;
    if (state.stopped) w.stop();
    for await (const ev of w) {
      index.apply(ev);
      notify();
    }
  };

  const loop = async (): Promise<void> => {
    let delay = baseDelay;
    while (!isStopped()) {
      try {
        const { items, revision } = await listAll(source, prefix, opts.pageSize ?? 1000);
        index.reset(items, revision);
        markReady();
        notify();
        delay = baseDelay;
        await follow(revision);
      } catch (err) {
        if (!isStopped()) opts.logger.warn('RBAC watch ended; relisting', { prefix, error: String(err) });
      }
      if (isStopped()) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        cancelSleep = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    }
  };
  void loop();

  return {
    ready,
    waitFor: (revision) =>
      new Promise<void>((resolve) => {
        waiters.push({ revision, resolve });
        notify();
      }),
    stop: () => {
      state.stopped = true;
      watcher?.stop();
      cancelSleep();
      markReady();
      notify();
    },
  };
}
