/**
 * One watch of an informer (client-go's reflector): from a resourceVersion, or a streaming list
 * (sendInitialEvents) whose objects are gathered apart until the initial-events-end bookmark and
 * then handed over whole (`replace`); later events go to `apply`. Resolves 'expired' on a 410
 * (the informer lists again) and 'closed' when the watch ends or is stopped; rejects on any other
 * failure, and when the watch closes at once with no event (no hot reconnect loop).
 */
import type { KubeObject, Status, WatchEvent } from '../../api/meta.js';
import { INITIAL_EVENTS_END, type ApiClient, type WatchHandle } from './client.js';
import { aborted, type Clock } from './clock.js';
import { ApiStatusError, isGone } from './errors.js';
import { objectKey, type ResourceType } from './resources.js';
import { IndexedStore } from './store.js';

export type WatchOutcome = 'expired' | 'closed';

/** A watch that ends this fast with no event is a failure (no hot reconnect loop). */
const MIN_HEALTHY_WATCH_MS = 1000;

export interface WatchSession<T extends KubeObject> {
  readonly client: ApiClient;
  readonly resource: ResourceType;
  /** watch one namespace only (default: all) */
  readonly namespace?: string;
  readonly clock: Clock;
  readonly signal: AbortSignal;
  /** where the watch starts ('' with `stream`: a streaming list) */
  readonly resourceVersion: string;
  /** a streaming list: every object first, then the initial-events-end bookmark */
  readonly stream: boolean;
  /** the object as the cache keeps it */
  keep(obj: KubeObject): T;
  /** a streaming list's whole state at rv */
  replace(fresh: IndexedStore<T>, rv: string): void;
  /** an event after the initial state */
  apply(ev: WatchEvent<KubeObject>): void;
}

export function watchOnce<T extends KubeObject>(s: WatchSession<T>): Promise<WatchOutcome> {
  const started = s.clock.now();
  let events = 0;
  let failure: Error | undefined;
  let expired = false;
  let handle: WatchHandle | undefined;
  const onAbort = (): void => handle?.stop();
  s.signal.addEventListener('abort', onAbort, { once: true });
  // a streaming list's objects, until its initial-events-end bookmark makes them the cache
  let initial = s.stream ? new IndexedStore<T>() : undefined;
  return new Promise<WatchOutcome>((resolve, reject) => {
    const onEvent = (ev: WatchEvent<KubeObject>): void => {
      events++;
      if (initial && ev.type !== 'ERROR') {
        if (ev.type === 'BOOKMARK') {
          if (ev.object.metadata.annotations?.[INITIAL_EVENTS_END] !== 'true') return;
          s.replace(initial, ev.object.metadata.resourceVersion ?? '');
          initial = undefined;
        } else if (ev.type === 'DELETED') initial.delete(objectKey(ev.object));
        else initial.set(s.keep(ev.object));
        return;
      }
      if (ev.type !== 'ERROR') {
        s.apply(ev);
        return;
      }
      const status = ev.object as unknown as Status;
      if (status.code === 410) expired = true;
      else failure = new ApiStatusError(status.code, status.message ?? 'watch error', status);
    };
    const onDone = (err?: unknown): void => {
      s.signal.removeEventListener('abort', onAbort);
      if (aborted(s.signal)) resolve('closed');
      else if (expired || isGone(err)) resolve('expired');
      else if (err !== undefined && err !== null)
        reject(err instanceof Error ? err : new Error(JSON.stringify(err)));
      else if (failure) reject(failure);
      else if (events === 0 && s.clock.now() - started < MIN_HEALTHY_WATCH_MS)
        reject(new Error('the watch closed at once'));
      else resolve('closed');
    };
    const timeoutSeconds = 300 + Math.floor(Math.random() * 300);
    const ns = s.namespace !== undefined ? { namespace: s.namespace } : {};
    const stream = initial ? { sendInitialEvents: true } : {};
    s.client
      .watch(
        s.resource,
        { ...ns, ...stream, resourceVersion: s.resourceVersion, timeoutSeconds },
        onEvent,
        onDone,
      )
      .then((h) => {
        handle = h;
        if (aborted(s.signal)) h.stop();
      }, reject);
  });
}
