/**
 * Watchers. Live events come from the writer after each durable commit (WatchHub.broadcast);
 * history comes from a replay source read lazily from the store. A watcher created at hub
 * revision T replays events ≤ T and takes live events > T only, so the handover has no gap and
 * no duplicate. Live events wait in a bounded buffer: past maxBuffered the watcher ends with
 * Expired instead of growing.
 */
import { expired, isStorageError, unavailable } from '../errors.js';
import type { StorageError } from '../errors.js';
import type { WatchEvent, Watcher } from '../interface.js';

/** Produces the next chunk of history; undefined when exhausted. May throw StorageError. */
export type ReplaySource = () => WatchEvent[] | undefined;

export const DEFAULT_MAX_BUFFERED = 10000;
const REPLAY_CHUNKS_PER_TURN = 8;

export class WatchHub {
  private readonly watchers = new Set<EmbeddedWatcher>();

  /** @param lastRevision the revision of the last commit already broadcast */
  constructor(public lastRevision: number) {}

  broadcast(events: readonly WatchEvent[], revision: number): void {
    this.lastRevision = revision;
    for (const w of this.watchers) w.deliver(events);
  }

  add(w: EmbeddedWatcher): void {
    this.watchers.add(w);
  }

  remove(w: EmbeddedWatcher): void {
    this.watchers.delete(w);
  }

  /** End every watcher (storage closing). */
  closeAll(): void {
    for (const w of [...this.watchers]) w.stop();
  }

  get size(): number {
    return this.watchers.size;
  }
}

export interface WatcherInit {
  readonly prefix: string;
  /** live events at or below this revision are covered by the replay (or precede the watch) */
  readonly threshold: number;
  readonly maxBuffered: number;
  readonly replay?: ReplaySource;
  readonly onEnd: (w: EmbeddedWatcher) => void;
}

export class EmbeddedWatcher implements Watcher {
  private live: WatchEvent[] = [];
  private liveHead = 0;
  private pending: WatchEvent[] = [];
  private pendingHead = 0;
  private replay: ReplaySource | undefined;
  private error: StorageError | undefined;
  private ended = false;
  private waiters: (() => void)[] = [];

  constructor(private readonly init: WatcherInit) {
    this.replay = init.replay;
  }

  /** Feed committed events (in revision order). */
  deliver(events: readonly WatchEvent[]): void {
    if (this.ended || this.error !== undefined) return;
    const { prefix, threshold, maxBuffered } = this.init;
    let added = false;
    for (const ev of events) {
      if (ev.revision <= threshold || !ev.key.startsWith(prefix)) continue;
      this.live.push(ev);
      added = true;
    }
    if (this.live.length - this.liveHead > maxBuffered) {
      this.fail(
        expired(
          prefix,
          `watch on ${prefix} fell behind by more than ${maxBuffered} events; relist and watch again`,
        ),
      );
      return;
    }
    if (added) this.notify();
  }

  /** End the watch with an error the consumer sees on its next read. */
  fail(err: StorageError): void {
    if (this.ended || this.error !== undefined) return;
    this.error = err;
    this.release();
  }

  stop(): void {
    if (this.ended) return;
    this.ended = true;
    this.release();
  }

  async next(): Promise<IteratorResult<WatchEvent, undefined>> {
    for (;;) {
      if (this.ended) return { done: true, value: undefined };
      if (this.error !== undefined) {
        this.ended = true;
        throw this.error;
      }
      const ev = this.take();
      if (ev !== undefined) return { done: false, value: ev };
      if (this.finished()) continue;
      await new Promise<void>((resolve) => {
        if (this.replay !== undefined) setImmediate(resolve);
        else this.waiters.push(resolve);
      });
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<WatchEvent, undefined> {
    return {
      next: () => this.next(),
      return: () => {
        this.stop();
        return Promise.resolve({ done: true, value: undefined });
      },
    };
  }

  private take(): WatchEvent | undefined {
    if (this.pendingHead < this.pending.length) return this.pending[this.pendingHead++];
    for (let i = 0; this.replay !== undefined && i < REPLAY_CHUNKS_PER_TURN; i++) {
      const chunk = this.readReplay();
      if (chunk === undefined) this.replay = undefined;
      else if (chunk.length > 0) {
        this.pending = chunk;
        this.pendingHead = 1;
        return chunk[0];
      }
    }
    if (this.replay !== undefined || this.liveHead >= this.live.length) return undefined;
    const ev = this.live[this.liveHead++];
    if (this.liveHead > 1024 && this.liveHead * 2 > this.live.length) {
      this.live = this.live.slice(this.liveHead);
      this.liveHead = 0;
    }
    return ev;
  }

  private finished(): boolean {
    return this.ended || this.error !== undefined;
  }

  private readReplay(): WatchEvent[] | undefined {
    try {
      return this.replay?.();
    } catch (err) {
      this.fail(isStorageError(err) ? err : unavailable(`watch replay failed: ${String(err)}`));
      return undefined;
    }
  }

  private release(): void {
    this.live = [];
    this.liveHead = 0;
    this.pending = [];
    this.pendingHead = 0;
    this.replay = undefined;
    this.init.onEnd(this);
    this.notify();
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
