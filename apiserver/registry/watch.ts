/**
 * Watches: storage events become kube watch events, filtered by selectors the way kube's cacher
 * does it (an object that stops matching is DELETED for this watcher, one that starts matching is
 * ADDED). A compacted start or a watcher that fell behind ends with an ERROR event carrying a
 * 410 Expired Status, which makes informers relist.
 */
import type { KubeObject, WatchEvent } from '../../api/meta.js';
import type { ResourceInfo } from '../../api/resource.js';
import { expired } from '../errors/status.js';
import { toApiError } from '../errors/translate.js';
import { isStorageError } from '../storage/errors.js';
import type { Storage, Watcher, WatchEvent as StorageEvent } from '../storage/interface.js';
import { decode, parseResourceVersion } from '../storage/codec.js';
import { listPrefix, resourcePrefix } from './keys.js';
import type { WatchCache } from '../cache/cacher.js';
import { cachedWatch } from '../cache/watch.js';
import { badRequest } from '../errors/status.js';

export interface WatchRequest {
  readonly namespace: string;
  readonly filter: (obj: KubeObject) => boolean;
  /** "" or "0": send the current state first; a number: events after it */
  readonly resourceVersion: string | undefined;
  /** sendInitialEvents=true */
  readonly sendInitialEvents?: boolean;
}

/** A watch event; `raw`, when set, is the object's JSON text (JSON.stringify(object)). */
export type ObjectEvent = WatchEvent<KubeObject> & { readonly raw?: string };

/**
 * Events of one watch. BOOKMARK events (the watch cache's k8s.io/initial-events-end) carry only
 * metadata; `progress`, when present, names a resourceVersion every event up to which was sent.
 */
export interface ObjectWatch extends AsyncIterable<ObjectEvent> {
  stop(): void;
  progress?(): string | undefined;
}

function convert(ev: StorageEvent, filter: (o: KubeObject) => boolean): WatchEvent<KubeObject> | undefined {
  if (ev.type === 'delete') {
    const obj = decode(ev.kv, ev.revision);
    return filter(obj) ? { type: 'DELETED', object: obj } : undefined;
  }
  const obj = decode(ev.kv);
  const now = filter(obj);
  if (ev.type === 'create') return now ? { type: 'ADDED', object: obj } : undefined;
  const before = ev.prev ? filter(decode(ev.prev)) : now;
  if (now && before) return { type: 'MODIFIED', object: obj };
  if (now) return { type: 'ADDED', object: obj };
  if (before) return { type: 'DELETED', object: obj };
  return undefined;
}

export function watchObjects(
  storage: Storage,
  res: ResourceInfo,
  req: WatchRequest,
  watchCache?: WatchCache,
): ObjectWatch {
  const rv = parseResourceVersion(req.resourceVersion);
  if (rv === -1) throw badRequest(`invalid resource version: ${req.resourceVersion ?? ''}`);
  if (watchCache)
    return cachedWatch(
      watchCache,
      {
        resourcePrefix: resourcePrefix(res),
        namespace: res.namespaced ? req.namespace : '',
        filter: req.filter,
        resourceVersion: rv,
        initialEvents: req.sendInitialEvents === true,
      },
      () => watchStorage(storage, res, req, rv),
    );
  return watchStorage(storage, res, req, rv);
}

function watchStorage(
  storage: Storage,
  res: ResourceInfo,
  req: WatchRequest,
  rv: number | undefined,
): ObjectWatch {
  const initial = req.sendInitialEvents === true || rv === undefined || rv === 0;
  const watcher: Watcher = storage.watch(listPrefix(res, req.namespace), {
    ...(initial ? { initialState: true } : { fromRevision: rv }),
  });
  const gr = { group: res.group, resource: res.plural };
  return {
    stop: () => {
      watcher.stop();
    },
    async *[Symbol.asyncIterator](): AsyncGenerator<WatchEvent<KubeObject>> {
      try {
        for await (const ev of watcher) {
          const out = convert(ev, req.filter);
          if (out) yield out;
        }
      } catch (err) {
        const status = isStorageError(err, 'Expired')
          ? expired(
              rv !== undefined && rv > 0
                ? `too old resource version: ${rv} (${err.revision ?? 0})`
                : err.message,
            )
          : toApiError(err, gr);
        yield { type: 'ERROR', object: status.status as unknown as KubeObject };
      } finally {
        watcher.stop();
      }
    },
  };
}
