/**
 * One client watch on the cache: the initial objects (if asked for), then the resource's shared
 * events, turned into kube watch events through the client's filter (an object that stops matching
 * is DELETED for it, one that starts matching is ADDED). Events wait in a bounded queue: a watcher
 * that falls `maxQueue` events behind is ended with an ERROR 410 (the client relists) and its
 * queue dropped, so one slow client never holds memory or slows the others.
 */
import type { KubeObject, WatchEvent } from '../../api/meta.js';
import { expired, type ApiError } from '../errors/status.js';
import { decodeEntry, deletedObject, type Entry } from './entry.js';
import { matchEverything } from './filter.js';
import type { CacheEvent, EventSink } from './resource.js';

export const DEFAULT_WATCHER_QUEUE = 10_000;

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
 * A watch event with the object's JSON text when the cache has it: shared by every watcher of the
 * event, so a plain-JSON stream writes it without serializing the object again.
 */
export type CachedEvent = WatchEvent<KubeObject> & { readonly raw?: string };

/** The DELETED object's text (its last state at the delete's revision), made once per event. */
const deletedTexts = new WeakMap<CacheEvent, string>();
function deletedText(ev: CacheEvent): string {
  let t = deletedTexts.get(ev);
  if (t === undefined) {
    t = JSON.stringify(deletedObject(ev.entry, ev.rev));
    deletedTexts.set(ev, t);
  }
  return t;
}

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

export class CacheWatcher implements EventSink {
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
    if (this.queued > this.init.maxQueue) {
      this.init.onOverflow?.();
      this.fail(expired('The watcher could not keep up with events and was closed; relist and watch again.'));
      return;
    }
    this.notify();
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

  async *events(): AsyncGenerator<CachedEvent> {
    try {
      yield* this.past();
      this.sent = 0;
      yield* this.live();
      if (this.error) yield errorEvent(this.error);
    } finally {
      this.stop();
    }
  }

  /** The initial objects (and their end bookmark), then the history from the ring. */
  private *past(): Generator<CachedEvent> {
    for (const e of this.init.initial) {
      if (this.ended) return;
      const obj = decodeEntry(e);
      if (this.init.filter(obj)) yield { type: 'ADDED', object: obj, raw: e.json };
    }
    if (this.init.initialEnd !== undefined && !this.ended) yield initialEnd(this.init.initialEnd);
    for (const ev of this.init.history) {
      if (this.ended) return;
      const out = this.convert(ev);
      if (out) yield out;
    }
  }

  /** Queued events until the watcher ends. */
  private async *live(): AsyncGenerator<CachedEvent> {
    for (;;) {
      const ev = this.queue[this.head];
      if (ev) {
        this.head++;
        if (this.head > 1024 && this.head * 2 > this.queue.length) {
          this.queue = this.queue.slice(this.head);
          this.head = 0;
        }
        this.sent = ev.rev;
        const out = this.convert(ev);
        if (out) yield out;
        continue;
      }
      if (this.ended) return;
      await new Promise<void>((r) => (this.wake = r));
    }
  }

  /**
   * The revision a progress BOOKMARK may carry: every event up to it was handed out (the cache's
   * revision when nothing is queued); undefined while the initial objects are still going out.
   */
  progress(): number | undefined {
    if (this.sent < 0 || this.ended) return undefined;
    return this.queued === 0 ? this.init.currentRevision() : this.sent;
  }

  private convert(ev: CacheEvent): CachedEvent | undefined {
    const { filter } = this.init;
    if (ev.type === 'delete') {
      const raw = deletedText(ev);
      const obj = JSON.parse(raw) as KubeObject;
      return filter(obj) ? { type: 'DELETED', object: obj, raw } : undefined;
    }
    const raw = ev.entry.json;
    const obj = decodeEntry(ev.entry);
    const now = filter(obj);
    if (ev.type === 'create') return now ? { type: 'ADDED', object: obj, raw } : undefined;
    const before = !ev.prev || filter === matchEverything ? now : filter(decodeEntry(ev.prev));
    if (now && before) return { type: 'MODIFIED', object: obj, raw };
    if (now) return { type: 'ADDED', object: obj, raw };
    if (before) return { type: 'DELETED', object: obj, raw };
    return undefined;
  }

  private finish(): void {
    this.ended = true;
    this.notify();
    this.init.onEnd(this);
  }

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }
}
