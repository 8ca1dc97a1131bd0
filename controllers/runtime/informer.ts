/**
 * A shared informer (client-go reflector + store): list, then watch from the list's
 * resourceVersion; a 410 or a failed watch relists (backing off 1 s doubling to 30 s). With
 * `initialList: 'watch'` the list is a streaming one (client-go's WatchList): one watch with
 * sendInitialEvents brings every object, then the initial-events-end bookmark, then the changes, so
 * no page of thousands of objects is ever built, sent or parsed whole; a server that refuses it
 * (400, or 422 as kube-apiserver without its WatchList feature) is listed with paged lists from
 * then on. A server that ignores the parameter (Kubernetes before 1.27) would never end the initial
 * objects: paged lists are the default, as client-go's. Objects
 * in the cache are deep-frozen, so handlers and reconcilers must copy before changing them. The
 * cache is indexed by namespace; it is the Lister reconcilers read from. Cached objects carry no
 * metadata.managedFields (kube-controller-manager's informers strip them too): controllers write
 * with patches, never read them, and they are a large share of each object's memory.
 */
import type { KubeObject, WatchEvent } from '../../api/meta.js';
import { Backoff } from '../../api/backoff.js';
import type { ApiClient } from './client.js';
import { aborted, realClock, sleep, type Clock } from './clock.js';
import { ApiStatusError } from './errors.js';
import { deepFreeze } from './freeze.js';
import type { Lister } from './lister.js';
import { errorMessage, silentLogger, type Logger } from './logger.js';
import { objectKey, type ResourceType } from './resources.js';
import { IndexedStore } from './store.js';
import { watchOnce, type WatchOutcome } from './watch-session.js';

export interface EventHandler<T> {
  add?(obj: T): void;
  update?(oldObj: T, newObj: T): void;
  delete?(obj: T): void;
}

export interface InformerOptions {
  readonly client: ApiClient;
  readonly resource: ResourceType;
  /** watch one namespace only (default: all) */
  readonly namespace?: string;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly backoffBaseMs?: number;
  readonly backoffMaxMs?: number;
  /** when set, every cached object is redelivered as an update this often */
  readonly resyncMs?: number;
  /**
   * What the cache keeps of each object (client-go's TransformFunc), applied before it is cached
   * or handed to a handler: e.g. a Secret's key names without their values. Returns a new object.
   */
  readonly transform?: (obj: KubeObject) => KubeObject;
  /** how the informer (re)fills its cache: paged lists ('list', the default) or a streaming list */
  readonly initialList?: 'watch' | 'list';
}

/** An answer that says the server does not take a streaming list's parameters. */
const refusesStreaming = (err: unknown): boolean =>
  err instanceof ApiStatusError && (err.code === 400 || err.code === 422);

/** The object as the cache holds it: transformed, without managedFields, frozen. */
function cached<T extends KubeObject>(obj: T, transform?: (obj: KubeObject) => KubeObject): T {
  const kept = (transform ? transform(obj) : obj) as T;
  delete kept.metadata.managedFields;
  return deepFreeze(kept);
}

export class Informer<T extends KubeObject> implements Lister<T> {
  private store = new IndexedStore<T>();
  private readonly handlers: EventHandler<T>[] = [];
  private lastRV = ''; // of the last list, event or bookmark seen
  private synced = false;
  private syncWaiters: (() => void)[] = [];
  private abort: AbortController | undefined;
  private loop: Promise<void> | undefined;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private streaming: boolean;

  constructor(private readonly opts: InformerOptions) {
    this.clock = opts.clock ?? realClock;
    this.logger = opts.logger ?? silentLogger;
    this.streaming = opts.initialList === 'watch';
  }

  get resource(): ResourceType {
    return this.opts.resource;
  }

  addHandler(handler: EventHandler<T>): void {
    this.handlers.push(handler);
  }

  /** The cached object (frozen), if any. */
  get(name: string, namespace?: string): T | undefined {
    return this.store.get(namespace ? `${namespace}/${name}` : name);
  }

  /** Cached objects (frozen), of one namespace (from the namespace index) or all. */
  list(namespace?: string): T[] {
    return this.store.list(namespace);
  }

  /** The resourceVersion of the last list, event or bookmark in the cache ('' before the first list). */
  resourceVersion(): string {
    return this.lastRV;
  }

  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves true once the first list is in the cache, false if stopped first. */
  waitForSync(): Promise<boolean> {
    if (this.synced) return Promise.resolve(true);
    if (!this.abort || this.abort.signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      this.syncWaiters.push(() => {
        resolve(this.synced);
      });
    });
  }

  /** Starts (or restarts) from an empty cache: every object is delivered as an add. */
  start(): void {
    if (this.abort && !this.abort.signal.aborted) return;
    this.abort = new AbortController();
    this.store = new IndexedStore();
    this.lastRV = '';
    this.synced = false;
    const signal = this.abort.signal;
    this.loop = this.run(signal);
    if (this.opts.resyncMs !== undefined) this.scheduleResync(signal, this.opts.resyncMs);
  }

  async stop(): Promise<void> {
    this.abort?.abort();
    this.wakeSyncWaiters();
    await this.loop;
  }

  private wakeSyncWaiters(): void {
    const waiters = this.syncWaiters;
    this.syncWaiters = [];
    for (const w of waiters) w();
  }

  private scheduleResync(signal: AbortSignal, every: number): void {
    const timer = this.clock.after(every, () => {
      if (aborted(signal)) return;
      for (const obj of this.store.values()) this.dispatch((h) => h.update?.(obj, obj));
      this.scheduleResync(signal, every);
    });
    signal.addEventListener('abort', () => {
      timer.cancel();
    });
  }

  private async run(signal: AbortSignal): Promise<void> {
    const backoff = new Backoff(this.opts.backoffBaseMs ?? 1000, this.opts.backoffMaxMs ?? 30_000);
    while (!aborted(signal)) {
      try {
        if (this.lastRV === '' && !this.streaming) await this.relist();
        if (aborted(signal)) break;
        const outcome = await this.watchOnce(signal);
        if (outcome === 'expired') this.lastRV = '';
        backoff.reset();
      } catch (err) {
        if (aborted(signal)) break;
        if (this.streaming && this.lastRV === '' && refusesStreaming(err)) {
          this.logger.warn('informer: the server refuses streaming lists; listing instead', {
            resource: this.opts.resource.plural,
            error: errorMessage(err),
          });
          this.streaming = false;
          continue;
        }
        const delay = backoff.next();
        this.logger.warn('informer: list/watch failed, relisting', {
          resource: this.opts.resource.plural,
          error: errorMessage(err),
          retryInMs: delay,
        });
        this.lastRV = '';
        await sleep(this.clock, delay, signal);
      }
    }
  }

  private async relist(): Promise<void> {
    const { items, resourceVersion } = await this.opts.client.list<T>(this.opts.resource, {
      ...(this.opts.namespace !== undefined ? { namespace: this.opts.namespace } : {}),
      transform: (obj) => cached(obj, this.opts.transform),
    });
    const fresh = new IndexedStore<T>();
    for (const item of items) fresh.set(item);
    this.replace(fresh, resourceVersion);
  }

  /** Makes fresh (a whole list at rv) the cache, delivering how it differs from the one it replaces. */
  private replace(fresh: IndexedStore<T>, rv: string): void {
    const old = this.store;
    this.store = fresh;
    this.lastRV = rv;
    for (const [key, obj] of fresh.entries()) {
      const prev = old.get(key);
      if (!prev) this.dispatch((h) => h.add?.(obj));
      else if (prev.metadata.resourceVersion !== obj.metadata.resourceVersion)
        this.dispatch((h) => h.update?.(prev, obj));
    }
    for (const [key, obj] of old.entries()) if (!fresh.has(key)) this.dispatch((h) => h.delete?.(obj));
    if (!this.synced) {
      this.synced = true;
      this.wakeSyncWaiters();
    }
  }

  private watchOnce(signal: AbortSignal): Promise<WatchOutcome> {
    return watchOnce<T>({
      client: this.opts.client,
      resource: this.opts.resource,
      ...(this.opts.namespace !== undefined ? { namespace: this.opts.namespace } : {}),
      clock: this.clock,
      signal,
      resourceVersion: this.lastRV,
      stream: this.streaming && this.lastRV === '',
      keep: (obj) => cached(obj as T, this.opts.transform),
      replace: (fresh, rv) => {
        this.replace(fresh, rv);
      },
      apply: (ev) => {
        this.apply(ev);
      },
    });
  }

  private apply(ev: WatchEvent<KubeObject>): void {
    const obj = cached(ev.object as T, this.opts.transform);
    const rv = obj.metadata.resourceVersion;
    if (rv) this.lastRV = rv;
    if (ev.type === 'BOOKMARK') return;
    const key = objectKey(obj);
    const prev = this.store.get(key);
    if (ev.type === 'DELETED') {
      this.store.delete(key);
      this.dispatch((h) => h.delete?.(obj));
      return;
    }
    this.store.set(obj);
    if (!prev) this.dispatch((h) => h.add?.(obj));
    else if (prev.metadata.resourceVersion !== rv) this.dispatch((h) => h.update?.(prev, obj));
  }

  private dispatch(call: (h: EventHandler<T>) => void): void {
    for (const h of this.handlers) {
      try {
        call(h);
      } catch (err) {
        this.logger.error('informer: event handler failed', {
          resource: this.opts.resource.plural,
          error: errorMessage(err),
        });
      }
    }
  }
}
