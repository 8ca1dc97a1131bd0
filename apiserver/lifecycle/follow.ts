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
import { matchEverything } from '../cache/filter.js';

/** A handler syncs from decoded objects (sync) or from their stored texts (syncTexts): exactly one. */
export type FollowHandler = FollowEvents &
  (
    | {
        /**
         * every object stored now; called at start and after each re-list. Items are decoded one
         * at a time as the iteration reaches them (iterate once; keep only what you need of each),
         * so a sync of 100,000 objects never holds 100,000 decoded objects at once. A promise is
         * awaited before the watch starts, so no event reaches the handler during its sync.
         */
        sync(items: Iterable<KubeObject>): void | Promise<void>;
        syncTexts?: never;
      }
    | {
        /** as sync, with each object's stored JSON text (the handler decodes what it needs) */
        syncTexts(texts: Iterable<string>): void | Promise<void>;
        sync?: never;
      }
  );

interface FollowEvents {
  /** one ADDED, MODIFIED or DELETED event after the last sync */
  event(ev: ObjectEvent): void;
}

export interface Following {
  /** resolves after the first sync */
  readonly ready: Promise<void>;
  stop(): void;
}

function* decodeEach(raw: Iterable<string>): Generator<KubeObject> {
  for (const json of raw) yield JSON.parse(json) as KubeObject;
}

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

  /** Lists (each item's JSON text, undecoded) and syncs; answers only the list's resourceVersion,
   * so nothing of the list is kept alive by the watch loop that follows. */
  const syncAll = async (): Promise<string | undefined> => {
    const { list, raw } = await store.listRaw({ namespace: '', filter: matchEverything });
    if (handler.syncTexts) await handler.syncTexts(raw);
    else await handler.sync(decodeEach(raw));
    return list.metadata.resourceVersion;
  };

  const once = async (): Promise<void> => {
    const resourceVersion = await syncAll();
    synced();
    backoff.reset();
    const w = store.watch({ namespace: '', filter: matchEverything, resourceVersion });
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
