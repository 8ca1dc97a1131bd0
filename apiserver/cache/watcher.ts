/**
 * One client watch on the cache: the initial objects (if asked for), then the resource's shared
 * events, turned into kube watch events through the client's filter (an object that stops matching
 * is DELETED for it, one that starts matching is ADDED). Events wait in a bounded queue: a watcher
 * that falls `maxQueue` events behind is ended with an ERROR 410 (the client relists) and its
 * queue dropped, so one slow client never holds memory or slows the others.
 */
import type { KubeObject, WatchEvent } from '../../api/meta.js';
import { expired, type ApiError } from '../errors/status.js';
import type { Entry } from './entry.js';
import { CacheEvent, type SharedEvent } from './event.js';
import { matchEverything } from './filter.js';
import type { EventSink } from './resource.js';
import { watcherWaker, type Wakeable } from './waker.js';

/** how many times maxQueue a waiting reader may be given before its wake comes */
const WAITING_SLACK = 10;

export const DEFAULT_WATCHER_QUEUE = 10_000;
/**
 * A batch (one write to the client) is cut after this many events, never inside a revision: the
 * events of one revision (a group commit's writes share it) go out together, so a watch that ends
 * between batches (its timeout, a stop) and a progress BOOKMARK both leave the client at a revision
 * it has every event of; resuming after it ("the events after N") loses none.
 */
export const MAX_BATCH = 256;

export interface CacheWatcherInit {
  /** '' = every namespace */
  readonly namespace: string;
  readonly filter: (obj: KubeObject) => boolean;
  readonly maxQueue: number;
  /** objects to send first as ADDED */
  readonly initial: readonly Entry[];
  /** past events to send next (a resume from the ring), not counted against maxQueue */
  readonly history: readonly CacheEvent[];
  /** after the initial objects, a BOOKMARK at this revision marked k8s.io/initial-events-end */
  readonly initialEnd?: number;
  /** the cache's revision: every event up to it has been offered */
  readonly currentRevision: () => number;
  /** called once when the watcher ends (stop, overflow, cache reset) */
  readonly onEnd: (w: CacheWatcher) => void;
  /** called when the watcher is ended for falling behind */
  readonly onOverflow?: () => void;
}

const errorEvent = (err: ApiError): WatchEvent<KubeObject> => ({
  type: 'ERROR',
  object: err.status as unknown as KubeObject,
});

/**
 * A watch event of the cache: a SharedEvent (the object decoded on first access, shared by every
 * watcher it goes to, with its encoded bytes), or a BOOKMARK or ERROR made for this watcher.
 */
export type CachedEvent = WatchEvent<KubeObject> & { readonly raw?: string };

/** kube's marker that the initial objects of a sendInitialEvents watch are all out. */
export const INITIAL_EVENTS_END = 'k8s.io/initial-events-end';

const initialEnd = (rev: number): WatchEvent<KubeObject> => ({
  type: 'BOOKMARK',
  object: {
    apiVersion: '',
    kind: '',
    metadata: { resourceVersion: String(rev), annotations: { [INITIAL_EVENTS_END]: 'true' } },
  },
});

export class CacheWatcher implements EventSink, Wakeable {
  readonly namespace: string;
  private queue: CacheEvent[] = [];
  private head = 0;
  private ended = false;
  private error: ApiError | undefined;
  private wake: (() => void) | undefined;
  /** revision of the last event handed out; -1 until the initial objects and history are out */
  private sent = -1;

  constructor(private readonly init: CacheWatcherInit) {
    this.namespace = init.namespace;
  }

  get queued(): number {
    return this.queue.length - this.head;
  }

  offer(ev: CacheEvent): void {
    if (this.ended) return;
    this.queue.push(ev);
    // a reader already waiting is not behind: its events wait for the shared waker, not for it
    // (bounded all the same, for a burst inside one wake interval)
    const limit = this.wake ? WAITING_SLACK * this.init.maxQueue : this.init.maxQueue;
    if (this.queued > limit) {
      this.init.onOverflow?.();
      this.fail(expired('The watcher could not keep up with events and was closed; relist and watch again.'));
      return;
    }
    if (this.wake) watcherWaker.mark(this);
  }

  /** End with an ERROR event (after nothing else: queued events are dropped). */
  fail(err: ApiError): void {
    if (this.ended) return;
    this.queue = [];
    this.head = 0;
    this.error = err;
    this.finish();
  }

  /** End cleanly: nothing more is sent. */
  stop(): void {
    if (this.ended) return;
    this.queue = [];
    this.head = 0;
    this.finish();
  }

  /** One event at a time (see batches). */
  async *events(): AsyncGenerator<CachedEvent> {
    for await (const batch of this.batches()) yield* batch;
  }

  /**
   * The events in batches (MAX_BATCH): the initial objects, the history, then what was queued
   * since the last batch, and an ERROR event last if the watcher failed.
   */
  async *batches(): AsyncGenerator<CachedEvent[]> {
    try {
      let batch: CachedEvent[] = [];
      let last: number | undefined;
      for (const [ev, rev] of this.past()) {
        if (batch.length >= MAX_BATCH && (rev === undefined || rev !== last)) {
          yield batch;
          batch = [];
        }
        batch.push(ev);
        last = rev;
      }
      if (batch.length > 0) yield batch;
      this.sent = 0;
      yield* this.live();
      if (this.error) yield [errorEvent(this.error)];
    } finally {
      this.stop();
    }
  }

  /**
   * The initial objects (and their end bookmark), then the history from the ring, each with the
   * revision a batch must not be cut inside (undefined: the initial objects, a snapshot).
   */
  private *past(): Generator<[CachedEvent, number | undefined]> {
    for (const e of this.init.initial) {
      if (this.ended) return;
      const out = this.convert(initialEvent(e));
      if (out) yield [out, undefined];
    }
    if (this.init.initialEnd !== undefined && !this.ended)
      yield [initialEnd(this.init.initialEnd), undefined];
    for (const ev of this.init.history) {
      if (this.ended) return;
      const out = this.convert(ev);
      if (out) yield [out, ev.rev];
    }
  }

  /** Queued events, in batches, until the watcher ends. */
  private async *live(): AsyncGenerator<CachedEvent[]> {
    for (;;) {
      const batch = this.take();
      if (batch.length > 0) {
        yield batch;
        continue;
      }
      if (this.ended) return;
      if (this.queued > 0) continue;
      await new Promise<void>((r) => (this.wake = r));
    }
  }

  /** The next batch (MAX_BATCH) of events this watcher gets, from the queue. */
  private take(): CachedEvent[] {
    const out: CachedEvent[] = [];
    while (this.head < this.queue.length) {
      const ev = this.queue[this.head];
      if (ev && out.length >= MAX_BATCH && ev.rev !== this.sent) break;
      this.head++;
      if (!ev) continue;
      this.sent = ev.rev;
      const x = this.convert(ev);
      if (x) out.push(x);
    }
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    return out;
  }

  /**
   * The revision a progress BOOKMARK may carry: every event up to it was handed out (the cache's
   * revision when nothing is queued); undefined while the initial objects are still going out.
   */
  progress(): number | undefined {
    if (this.sent < 0 || this.ended) return undefined;
    return this.queued === 0 ? this.init.currentRevision() : this.sent;
  }

  /** The shared event this watcher gets for ev, if any: the filter decides on shared objects. */
  private convert(ev: CacheEvent): SharedEvent | undefined {
    const { filter } = this.init;
    const all = filter === matchEverything;
    if (ev.type === 'delete') return all || filter(ev.object()) ? ev.as('DELETED') : undefined;
    const now = all || filter(ev.object());
    if (ev.type === 'create') return now ? ev.as('ADDED') : undefined;
    const prev = all ? undefined : ev.prevObject();
    const before = prev ? filter(prev) : now;
    if (now && before) return ev.as('MODIFIED');
    if (now) return ev.as('ADDED');
    if (before) return ev.as('DELETED');
    return undefined;
  }

  /** Called by the waker: resume the reader, which takes everything queued. */
  wakeNow(): void {
    this.notify();
  }

  private finish(): void {
    this.ended = true;
    watcherWaker.forget(this);
    this.notify();
    this.init.onEnd(this);
  }

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }
}

/** An initial object as an ADDED event of its own (it is this watcher's only). */
const initialEvent = (e: Entry): CacheEvent => new CacheEvent('create', e.rev, e);
