import type { IDuplexStream, IWatchRequest, IWatchResponse } from 'etcd3';
import { expired, invalidRequest, unavailable, type StorageError } from '../errors.js';
import type { WatchEvent, WatchOptions, Watcher } from '../interface.js';
import type { EtcdRpc } from './client.js';
import type { Compaction } from './compaction.js';
import { bytes, num, prefixEnd } from './convert.js';
import { EventQueue } from './event-queue.js';
import { cleanMessage, toStorageError } from './map-error.js';
import { listPrefix } from './reads.js';
import { toWatchEvent } from './watch-event.js';

type WatchStream = IDuplexStream<IWatchRequest, IWatchResponse>;

export interface WatchDeps {
  readonly rpc: EtcdRpc;
  readonly compaction: Compaction;
  /** called once when the watcher ends, however it ends */
  readonly onEnd: (watcher: EtcdWatcher) => void;
}

const DEFAULT_MAX_BUFFERED = 10_000;
/** A lost stream is resumed from the last delivered revision this many times before Unavailable. */
const MAX_RESUMES = 5;
const PAGE = 1000;

/**
 * One etcd watch stream per Watcher. Events reach the consumer through a bounded EventQueue; a lost
 * stream resumes after the last revision delivered, so events stay gap-free and unduplicated.
 */
export class EtcdWatcher implements Watcher {
  private readonly queue: EventQueue<WatchEvent>;
  private stream: WatchStream | undefined;
  /** every event at or below this revision has been queued */
  private lastRevision = 0;
  private resumes = 0;
  /** a "from now" watch that has delivered nothing yet: its start point may move forward */
  private fromNow: boolean;
  private timer: NodeJS.Timeout | undefined;
  private done = false;
  private readonly prevStates: boolean;

  constructor(
    private readonly deps: WatchDeps,
    private readonly prefix: string,
    opts: WatchOptions,
  ) {
    this.queue = new EventQueue(opts.maxBuffered ?? DEFAULT_MAX_BUFFERED);
    this.prevStates = opts.prevStates ?? true;
    // "From now" is pinned synchronously, at or after every write this client has seen complete,
    // so a write awaited after watch() returns is always delivered.
    this.fromNow = opts.initialState !== true && (opts.fromRevision ?? 0) === 0;
    if (this.fromNow) this.lastRevision = deps.rpc.lastSeenRevision;
    this.start(opts).catch((err: unknown) => {
      this.fail(toStorageError(err, prefix));
    });
  }

  stop(): void {
    if (this.finish()) this.queue.end();
  }

  [Symbol.asyncIterator](): AsyncIterator<WatchEvent> {
    return {
      next: () => this.queue.next(),
      return: () => {
        this.stop();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }

  private async start(opts: WatchOptions): Promise<void> {
    const from = opts.fromRevision ?? 0;
    if (opts.initialState === true) {
      this.lastRevision = await this.loadInitialState();
    } else if (from !== 0) {
      if (!Number.isSafeInteger(from) || from < 0) {
        throw invalidRequest(this.prefix, 'fromRevision must be a non-negative integer');
      }
      this.lastRevision = from;
    }
    await this.connect();
  }

  /** Queue the current state as 'create' events at the revision read; returns that revision. */
  private async loadInitialState(): Promise<number> {
    let page = await listPrefix(this.deps.rpc, this.prefix, { limit: PAGE });
    const revision = page.revision;
    for (;;) {
      this.queue.pushInitial(page.items.map((kv) => ({ type: 'create', key: kv.key, revision, kv })));
      const last = page.items.at(-1);
      if (!page.more || last === undefined || this.done) return revision;
      page = await listPrefix(this.deps.rpc, this.prefix, { limit: PAGE, revision, continueAfter: last.key });
    }
  }

  private async connect(): Promise<void> {
    const stream = await this.deps.rpc.read(this.prefix, (c) => c.watchClient.watch());
    if (this.done) {
      close(stream);
      return;
    }
    this.stream = stream;
    stream.on('data', (res) => {
      this.onResponse(stream, res);
    });
    stream.on('error', (err) => {
      this.onLost(stream, err);
    });
    stream.on('end', () => {
      this.onLost(stream, new Error('watch stream ended'));
    });
    stream.write({
      create_request: {
        key: bytes(this.prefix),
        range_end: prefixEnd(this.prefix),
        start_revision: this.lastRevision + 1,
        prev_kv: this.prevStates,
      },
    });
  }

  private onResponse(stream: WatchStream, res: IWatchResponse): void {
    if (stream !== this.stream) return;
    this.deps.rpc.observe(num(res.header.revision));
    if (res.canceled) {
      this.onCancelled(res);
      return;
    }
    if (res.created) this.resumes = 0;
    for (const raw of res.events) {
      const ev = toWatchEvent(raw);
      if (!this.queue.push(ev)) {
        this.fail(expired(this.prefix, `watch on ${this.prefix} fell behind; relist and watch again`));
        return;
      }
      this.lastRevision = ev.revision;
      this.fromNow = false;
    }
  }

  private onCancelled(res: IWatchResponse): void {
    const compacted = num(res.compact_revision);
    if (compacted > 0) this.deps.compaction.observe(compacted);
    if (compacted > 0 && this.fromNow) {
      // Everything up to the compacted revision happened before watch() was called: skip it.
      this.lastRevision = Math.max(this.lastRevision, compacted);
      this.fromNow = false;
      this.reconnect();
    } else if (compacted > 0) {
      const message = `watch revision of ${this.prefix} has been compacted; oldest available is ${compacted}`;
      this.fail(expired(this.prefix, message, compacted));
    } else {
      this.fail(unavailable(`etcd cancelled the watch on ${this.prefix}: ${res.cancel_reason}`));
    }
  }

  /** The stream broke: resume after the last queued revision, or end with Unavailable. */
  private onLost(stream: WatchStream, err: Error): void {
    if (stream !== this.stream || this.done) return;
    this.stream = undefined;
    close(stream);
    if (this.resumes >= MAX_RESUMES) {
      this.fail(unavailable(`etcd watch on ${this.prefix} lost: ${cleanMessage(err.message)}`));
      return;
    }
    this.resumes++;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.reconnect();
      },
      100 * 2 ** this.resumes,
    );
  }

  private reconnect(): void {
    if (this.stream !== undefined) close(this.stream);
    this.stream = undefined;
    this.connect().catch((e: unknown) => {
      this.fail(toStorageError(e, this.prefix));
    });
  }

  private fail(err: StorageError): void {
    if (this.finish()) this.queue.fail(err);
  }

  /** Release the stream and timer; false when already finished. */
  private finish(): boolean {
    if (this.done) return false;
    this.done = true;
    clearTimeout(this.timer);
    if (this.stream !== undefined) close(this.stream);
    this.stream = undefined;
    this.deps.onEnd(this);
    return true;
  }
}

/**
 * Half-close before cancelling: etcd3 treats an error on a still-writable watch stream as a host
 * failure and resets every connection to that host.
 */
function close(stream: WatchStream): void {
  stream.end();
  stream.cancel();
}
