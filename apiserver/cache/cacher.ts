/**
 * The watch cache (kube's cacher): one storage list of /registry/ plus one storage watch of the
 * whole keyspace keep an in-memory copy of every object, per resource. Watching the whole keyspace
 * (not just /registry/) makes `rev` follow storage's revision exactly, so "the cache has seen
 * storage's current revision" is a plain comparison. Events of one revision are applied together
 * (on the next macrotask, or when a later revision arrives), so readers never see half a txn.
 * When the storage watch fails the cache ends every watcher with 410, relists and resumes.
 */
import type winston from 'winston';
import { expired } from '../errors/status.js';
import type { Storage, Watcher, WatchEvent as StorageEvent } from '../storage/interface.js';
import { entryOf, keepLocations, keepTexts, splitKey, type Keeper } from './entry.js';
import { loadRegistry, REGISTRY } from './load.js';
import type { CacheMetrics } from './metrics.js';
import { ResourceState } from './resource.js';
import { DEFAULT_RING, type RingOptions } from './ring.js';
import { RevisionWaiters } from './waiters.js';
import { DEFAULT_WATCHER_QUEUE } from './watcher.js';

export interface WatchCacheOptions {
  readonly ring?: RingOptions;
  /** events a watcher may fall behind before it is ended with 410 */
  readonly watcherQueue?: number;
  /** how long a consistent read waits for the cache before reading storage */
  readonly freshTimeoutMs?: number;
  /** during the first load, whole lists of at most this many objects read storage (default 5,000) */
  readonly smallList?: number;
  /** how long a larger list made during the first load waits for it before reading storage */
  readonly loadWaitMs?: number;
  readonly logger?: winston.Logger;
  readonly metrics?: CacheMetrics;
  /**
   * Where the texts go of a storage that cannot read a version back (no valueAt), once ready:
   * renewed at each load for that load's keepers by resource prefix (default: texts in memory).
   */
  readonly texts?: Promise<TextHome | undefined>;
}

export interface TextHome {
  renew(): (prefix: string) => Keeper;
}

export class WatchCache {
  private resources = new Map<string, ResourceState>();
  /** every storage write up to this revision is applied */
  rev = 0;
  private synced = false;
  /** the first load is done (or the cache stopped): from then on the cache answers or waits */
  private loaded = false;
  private startRev = 0;
  private readonly waiters: RevisionWaiters;
  private pending: StorageEvent[] = [];
  private flushQueued = false;
  private watch: Watcher | undefined;
  private stopped = false;
  private started: Promise<void> | undefined;
  readonly watcherQueue: number;
  readonly freshTimeoutMs: number;
  readonly smallList: number;
  readonly loadWaitMs: number;
  private keeperFor: (prefix: string) => Keeper = () => keepTexts;
  /** the keeper of a storage that reads versions back by revision */
  private readonly locations: Keeper | undefined;

  constructor(
    readonly storage: Storage,
    private readonly opts: WatchCacheOptions = {},
  ) {
    this.watcherQueue = opts.watcherQueue ?? DEFAULT_WATCHER_QUEUE;
    this.freshTimeoutMs = opts.freshTimeoutMs ?? 3000;
    this.smallList = opts.smallList ?? 5000;
    this.loadWaitMs = opts.loadWaitMs ?? 60_000;
    this.waiters = new RevisionWaiters(this.freshTimeoutMs);
    this.locations = storage.valueAt ? keepLocations((key, rev) => storage.valueAt?.(key, rev)) : undefined;
  }

  get metrics(): CacheMetrics | undefined {
    return this.opts.metrics;
  }

  /** Start following storage; resolves after the initial list (the cache can serve reads). */
  start(): Promise<void> {
    this.started ??= new Promise<void>((resolve) => {
      void this.run(resolve);
    });
    return this.started;
  }

  stop(): void {
    this.stopped = true;
    this.loaded = true;
    this.watch?.stop();
    for (const r of this.resources.values()) for (const s of [...r.sinks]) s.stop();
    this.synced = false;
    this.settle();
  }

  private isStopped(): boolean {
    return this.stopped;
  }

  get isSynced(): boolean {
    return this.synced;
  }

  /**
   * True during the first load only. Bounded reads are then delegated to storage at once (kube's
   * resilient watch cache initialization, KEP-4568), so the server is ready before a large store is
   * loaded; a later relist (after a storage failure) is short and readers wait for it instead.
   */
  get loading(): boolean {
    return !this.loaded;
  }

  /** Resolves once the first load is done, or the cache is stopped (at once if never started). */
  firstLoad(): Promise<void> {
    return this.loaded ? Promise.resolve() : (this.started ?? Promise.resolve());
  }

  /** Resolves true once the first load is done, false after loadWaitMs. */
  async waitLoaded(): Promise<boolean> {
    if (this.loaded) return true;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => {
        resolve(false);
      }, this.loadWaitMs);
    });
    const loaded = await Promise.race([this.firstLoad().then(() => true), late]);
    clearTimeout(timer);
    return loaded && !this.stopped;
  }

  /** The state of the resource whose keys start with prefix; undefined until synced. */
  resource(prefix: string): ResourceState | undefined {
    if (!this.synced) return undefined;
    let r = this.resources.get(prefix);
    if (!r) {
      r = new ResourceState(prefix, this.startRev, this.opts.ring ?? DEFAULT_RING, this.keeperFor(prefix));
      this.resources.set(prefix, r);
    }
    return r;
  }

  /** Resolves true once synced with rev ≥ revision, false after freshTimeoutMs (or on stop). */
  waitFor(revision: number): Promise<boolean> {
    if (this.synced && this.rev >= revision) return Promise.resolve(true);
    if (this.stopped) return Promise.resolve(false);
    return this.waiters.wait(revision);
  }

  /**
   * Wait until the cache has seen storage's current revision (a consistent read). False when it
   * did not in time, or storage cannot say (the caller then reads storage and reports its error).
   */
  async waitFresh(): Promise<boolean> {
    if (this.stopped) return false;
    const rev = await this.storage.currentRevision().catch(() => undefined);
    return rev === undefined ? false : this.waitFor(rev);
  }

  private async run(firstSync: () => void): Promise<void> {
    while (!this.stopped) {
      try {
        await this.sync();
        firstSync();
        await this.follow();
      } catch (err) {
        if (this.isStopped()) break;
        this.opts.logger?.warn('watch cache: storage watch ended; relisting', { error: String(err) });
      }
      this.reset();
      if (!this.isStopped()) await new Promise((r) => setTimeout(r, 200));
    }
    firstSync();
  }

  private async sync(): Promise<void> {
    const locations = this.locations;
    const keepers = locations
      ? Promise.resolve(() => locations)
      : (this.opts.texts ?? Promise.resolve(undefined)).then((home) => home?.renew() ?? (() => keepTexts));
    const { resources, revision, keeperFor } = await loadRegistry(
      this.storage,
      this.opts.ring ?? DEFAULT_RING,
      keepers,
      locations !== undefined,
    );
    this.keeperFor = keeperFor;
    this.resources = resources;
    this.startRev = revision;
    this.rev = revision;
    this.synced = true;
    this.loaded = true;
    for (const r of resources.values()) this.report(r);
    this.settle();
  }

  private async follow(): Promise<void> {
    // The cache holds every object's last state, so the watch need not carry previous states.
    const w = this.storage.watch('/', {
      fromRevision: this.rev,
      maxBuffered: 1_000_000,
      prevStates: false,
    });
    this.watch = w;
    if (this.stopped) w.stop();
    for await (const ev of w) this.receive(ev);
    this.flush();
    if (!this.stopped) throw new Error('storage watch ended');
  }

  private receive(ev: StorageEvent): void {
    if (this.pending.length > 0 && this.pending[0]?.revision !== ev.revision) this.flush();
    this.pending.push(ev);
    if (!this.flushQueued) {
      this.flushQueued = true;
      setImmediate(() => {
        this.flushQueued = false;
        this.flush();
      });
    }
  }

  /** Apply the pending events (all of one revision) and wake readers waiting for it. */
  private flush(): void {
    const events = this.pending;
    if (events.length === 0) return;
    this.pending = [];
    for (const ev of events) {
      const parts = ev.key.startsWith(REGISTRY) ? splitKey(ev.key) : undefined;
      const r = parts ? this.resource(parts.prefix) : undefined;
      if (!parts || !r) continue;
      applyEvent(r, parts.namespace, ev);
      this.opts.metrics?.eventReceived(r.prefix);
      this.report(r);
    }
    this.rev = events[0]?.revision ?? this.rev;
    this.settle();
  }

  private report(r: ResourceState): void {
    this.opts.metrics?.revision(r.prefix, r.lastChange);
    this.opts.metrics?.capacity(r.prefix, r.ring.capacity);
  }

  /** Resolve the waiters the cache now satisfies (all of them, false, once stopped). */
  private settle(): void {
    this.waiters.settle((rev) => this.synced && this.rev >= rev, this.stopped);
  }

  /** Forget everything after a storage failure: watchers end with 410 and must relist. */
  private reset(): void {
    this.pending = [];
    this.synced = false;
    for (const r of this.resources.values())
      for (const s of [...r.sinks]) s.fail(expired('The watch cache was reset; relist and watch again.'));
    this.resources = new Map();
  }
}

/**
 * A storage event applied to its resource. The state before an update or delete is the one the
 * event carries when storage sent it (the resource may hold only where its own entries are),
 * else the resource's own.
 */
function applyEvent(r: ResourceState, namespace: string, ev: StorageEvent): void {
  if (ev.type === 'delete') {
    const last = ev.kv.value !== '' ? entryOf(ev.kv, namespace) : r.get(ev.key);
    if (last) r.apply('delete', last, ev.revision, last);
    return;
  }
  const prev = ev.type === 'update' && ev.prev && ev.prev.value !== '' ? ev.prev : undefined;
  r.apply(ev.type, entryOf(ev.kv, namespace), ev.revision, prev && entryOf(prev, namespace));
}
