/**
 * An informer for one resource, on the registry's store (which the watch cache serves): list,
 * hand the whole state to `sync`, then watch from the list's resourceVersion and hand each event
 * to `event`. A watch that ends or fails (410 Expired, storage Unavailable) is logged at warn and
 * followed by a fresh list after a backoff, so the handler always converges on the stored state.
 */
import type winston from 'winston';
import type { KubeObject } from '../../api/meta.js';
import type { Store } from '../registry/store.js';
import type { ObjectEvent } from '../registry/watch.js';
import { Backoff } from '../../api/backoff.js';
import { pause } from './pause.js';

export interface FollowHandler {
  /** every object stored now; called at start and after each re-list */
  sync(items: readonly KubeObject[]): void;
  /** one ADDED, MODIFIED or DELETED event after the last sync */
  event(ev: ObjectEvent): void;
}

export interface Following {
  /** resolves after the first sync */
  readonly ready: Promise<void>;
  stop(): void;
}

const everything = (): boolean => true;

export function follow(
  store: Store,
  handler: FollowHandler,
  logger: winston.Logger,
  what: string,
): Following {
  const abort = new AbortController();
  let stopWatch = (): void => undefined;
  let synced = (): void => undefined;
  const ready = new Promise<void>((resolve) => (synced = resolve));
  const backoff = new Backoff(100, 5_000);

  /** Lists and syncs; answers only the list's resourceVersion, so its items are not kept alive
   * (decoded, they are a copy of every object) by the watch loop that follows. */
  const syncAll = async (): Promise<string | undefined> => {
    const list = await store.list({ namespace: '', filter: everything });
    handler.sync(list.items);
    return list.metadata.resourceVersion;
  };

  const once = async (): Promise<void> => {
    const resourceVersion = await syncAll();
    synced();
    backoff.reset();
    const w = store.watch({ namespace: '', filter: everything, resourceVersion });
    stopWatch = () => {
      w.stop();
    };
    if (abort.signal.aborted) w.stop();
    for await (const ev of w) {
      if (ev.type === 'ERROR') throw new Error(`watch error: ${JSON.stringify(ev.object)}`);
      if (ev.type !== 'BOOKMARK') handler.event(ev);
    }
  };

  const stopped = (): boolean => abort.signal.aborted;
  const loop = async (): Promise<void> => {
    while (!stopped()) {
      try {
        await once();
        if (!stopped()) logger.warn(`${what}: watch ended; re-listing`);
      } catch (err) {
        if (stopped()) return;
        logger.warn(`${what}: list or watch failed; retrying`, { error: String(err) });
      }
      await pause(backoff.next(), abort.signal);
    }
  };
  void loop();
  return {
    ready,
    stop: () => {
      abort.abort();
      stopWatch();
      synced();
    },
  };
}
