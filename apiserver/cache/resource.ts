/**
 * The cached state of one resource (every object under /registry/<group>/<plural>/): objects by
 * namespace and key, keys in storage order for paging, the ring of recent events, and the
 * watchers following it.
 */
import type { ApiError } from '../errors/status.js';
import type { KeyRevision, KeyValue } from '../storage/interface.js';
import { CacheEvent, type CacheEventType } from './event.js';
import { keepTexts, type Entry, type Keeper } from './entry.js';
import { EventRing, type RingOptions } from './ring.js';
import { SortedKeys } from './sorted-keys.js';

export { CacheEvent, type CacheEventType } from './event.js';

/**
 * How many of the newest events keep what their watchers made of them (decoded objects, encoded
 * bytes); older ones keep only their text, as the ring holds up to 75 s of events.
 */
const MADE_EVENTS = 4096;

/** What the resource needs from a watcher: a place to put events. */
export interface EventSink {
  readonly namespace: string;
  offer(ev: CacheEvent): void;
  /** end the watch with an ERROR event */
  fail(err: ApiError): void;
  /** end the watch cleanly */
  stop(): void;
}

function search(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] ?? '') < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first key > after (binary search). */
export function firstAfter(keys: readonly string[], after: string): number {
  const i = search(keys, after);
  return keys[i] === after ? i + 1 : i;
}

export class ResourceState {
  private readonly all = new Map<string, Entry>();
  private readonly nsKeys = new Map<string, Set<string>>();
  /** sorted keys of all namespaces and of each namespace, made at their first read */
  private sortedAll: SortedKeys | undefined;
  private readonly sortedNs = new Map<string, SortedKeys>();
  private readonly present = (key: string): boolean => this.all.has(key);
  readonly ring: EventRing<CacheEvent>;
  readonly sinks = new Set<EventSink>();
  /** the newest events, oldest first from madeHead: the ones whose made forms are kept */
  private made: (CacheEvent | undefined)[] = [];
  private madeHead = 0;
  /** the revision of the last change to this resource (the cache's start revision at first) */
  lastChange: number;

  constructor(
    readonly prefix: string,
    startRevision: number,
    ring?: RingOptions,
    /** what the resource holds of each object (its text by default) */
    readonly keeper: Keeper = keepTexts,
  ) {
    this.ring = new EventRing(startRevision, ring, (ev) => {
      // the version this event superseded is named by no event left in the ring
      if (ev.replaced) keeper.retire?.(ev.replaced);
    });
    this.lastChange = startRevision;
  }

  get size(): number {
    return this.all.size;
  }

  get(key: string): Entry | undefined {
    return this.all.get(key);
  }

  /** Load an object during the initial list (no event). */
  load(kv: KeyValue, namespace: string): void {
    this.put(this.keeper.load(kv, namespace));
  }

  /** An object of the initial list known by where it is only (a keeper of locations). */
  loadLocation(item: KeyRevision, namespace: string): void {
    if (!this.keeper.loadLocation) throw new Error('watch cache: a location listed for a keeper of texts');
    this.put(this.keeper.loadLocation(item.key, item.modRevision, namespace));
  }

  /**
   * Apply a change, record it and hand it to the watchers. `before` is the object's state before
   * the change as the storage event carries it (else the cache's own): the event keeps that text,
   * while the resource may hold only where its own entries are.
   */
  apply(type: CacheEventType, e: Entry, rev: number, before?: Entry): void {
    const held = this.all.get(e.key);
    const prev = before ?? held;
    let ev: CacheEvent;
    if (type === 'delete') {
      this.remove(e);
      ev = new CacheEvent(type, rev, prev ?? e);
      ev.kept = held;
    } else {
      const kept = this.put(e);
      ev = prev ? new CacheEvent('update', rev, e, prev) : new CacheEvent('create', rev, e);
      ev.kept = kept;
    }
    ev.replaced = held;
    this.lastChange = rev;
    this.ring.push(ev);
    this.keepMade(ev);
    for (const s of this.sinks) if (s.namespace === '' || s.namespace === e.namespace) s.offer(ev);
  }

  private keepMade(ev: CacheEvent): void {
    this.made.push(ev);
    if (this.made.length - this.madeHead <= MADE_EVENTS) return;
    this.made[this.madeHead]?.release();
    this.made[this.madeHead++] = undefined;
    if (this.madeHead >= MADE_EVENTS) {
      this.made = this.made.slice(this.madeHead);
      this.madeHead = 0;
    }
  }

  /** Keys of one namespace ('' = all), in storage (byte) order. */
  keys(namespace: string): readonly string[] {
    if (namespace === '') {
      this.sortedAll ??= new SortedKeys(this.present, this.all.keys());
      return this.sortedAll.keys();
    }
    let ks = this.sortedNs.get(namespace);
    if (!ks) {
      ks = new SortedKeys(this.present, this.nsKeys.get(namespace) ?? []);
      this.sortedNs.set(namespace, ks);
    }
    return ks.keys();
  }

  /** Holds the keeper's entry for e, and returns it. */
  private put(e: Entry): Entry {
    const isNew = !this.all.has(e.key);
    const kept = this.keeper.keep(e);
    this.all.set(e.key, kept);
    if (!isNew) return kept;
    let set = this.nsKeys.get(e.namespace);
    if (!set) {
      set = new Set();
      this.nsKeys.set(e.namespace, set);
    }
    set.add(e.key);
    this.sortedAll?.add(e.key);
    this.sortedNs.get(e.namespace)?.add(e.key);
    return kept;
  }

  private remove(e: Entry): void {
    if (!this.all.delete(e.key)) return;
    const set = this.nsKeys.get(e.namespace);
    set?.delete(e.key);
    if (set?.size === 0) {
      this.nsKeys.delete(e.namespace);
      this.sortedNs.delete(e.namespace);
    }
    this.sortedAll?.remove();
    this.sortedNs.get(e.namespace)?.remove();
  }
}
