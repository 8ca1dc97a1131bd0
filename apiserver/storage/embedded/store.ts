/**
 * The embedded Storage: an MVCC revision log on LMDB (see db.ts for the layout). Reads are
 * synchronous snapshot reads; writes go through the group-committing Batcher; watchers are fed
 * in-process after each durable commit.
 */
import { invalidRequest, isStorageError, unavailable } from '../errors.js';
import type {
  DeleteOptions,
  DeleteResult,
  KeyValue,
  LeaseId,
  ListOptions,
  ListResult,
  PutOptions,
  RevisionList,
  Storage,
  TxnRequest,
  TxnResult,
  Watcher,
  WatchOptions,
} from '../interface.js';
import { Batcher } from './batcher.js';
import type { Clock } from './clock.js';
import { compactStepOp } from './compact.js';
import { readCompacted, readRevision } from './db.js';
import type { Dbs } from './db.js';
import { validateKey, validateLease } from './keys.js';
import { LeaseKeeper } from './leases.js';
import { countCurrent, getAt, list, listRevisions, resolveRevision, valueWrittenAt } from './mvcc.js';
import { createOp, deleteOp, grantOp, revokeOp } from './ops.js';
import { planWatch } from './replay.js';
import { txnOp, validateTxn } from './txn.js';
import { DEFAULT_MAX_BUFFERED, EmbeddedWatcher, WatchHub } from './watch.js';

export interface StoreParts {
  readonly dbs: Dbs;
  readonly clock: Clock;
  readonly maxBatch: number;
  readonly compactStep: number;
  readonly onError: (err: unknown) => void;
  /** releases the data directory lock, after the environment is closed */
  readonly release: () => void;
}

export class EmbeddedStorage implements Storage {
  readonly name = 'embedded';
  private readonly dbs: Dbs;
  private readonly clock: Clock;
  private readonly hub: WatchHub;
  private readonly batcher: Batcher;
  private readonly leases: LeaseKeeper;
  private readonly compactStep: number;
  private readonly release: () => void;
  private closed = false;

  constructor(parts: StoreParts) {
    this.dbs = parts.dbs;
    this.compactStep = parts.compactStep;
    this.release = parts.release;
    this.clock = parts.clock;
    this.hub = new WatchHub(readRevision(this.dbs));
    this.batcher = new Batcher(this.dbs, {
      onCommit: (events, rev) => {
        this.hub.broadcast(events, rev);
      },
      onError: parts.onError,
      maxBatch: parts.maxBatch,
    });
    this.leases = new LeaseKeeper(this.clock, (id) => this.revokeLease(id), parts.onError);
    for (const { key, value } of this.dbs.leases.getRange()) this.leases.set(key, value.exp);
  }

  /** Start checking lease expiry every intervalMs. */
  startLeaseTimer(intervalMs: number): void {
    this.leases.start(intervalMs);
  }

  /** Revoke the leases that have expired by the clock's now (the timer calls this too). */
  expireLeases(): Promise<void> {
    return this.leases.tick();
  }

  get(key: string, opts: { readonly revision?: number } = {}): Promise<KeyValue | undefined> {
    return this.read(() => {
      validateKey(key);
      return getAt(this.dbs, key, resolveRevision(this.dbs, key, opts.revision));
    });
  }

  valueAt(key: string, rev: number): string | undefined {
    return this.closed ? undefined : valueWrittenAt(this.dbs, key, rev);
  }

  list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    return this.read(() => list(this.dbs, checkPrefix(prefix), opts));
  }

  listRevisions(prefix: string, opts: ListOptions = {}): Promise<RevisionList> {
    return this.read(() => listRevisions(this.dbs, checkPrefix(prefix), opts));
  }

  count(prefix: string): Promise<number> {
    return this.read(() => countCurrent(this.dbs, checkPrefix(prefix)));
  }

  async create(key: string, value: string, opts: PutOptions = {}): Promise<KeyValue> {
    const lease = opts.lease ?? 0;
    checkPut(key, value, lease);
    return this.batcher.submit(createOp(key, value, lease));
  }

  async delete(key: string, opts: DeleteOptions = {}): Promise<DeleteResult> {
    validateKey(key);
    const expected = opts.expectedRevision;
    if (expected !== undefined && !Number.isSafeInteger(expected)) {
      throw invalidRequest(key, `invalid expectedRevision ${expected}`);
    }
    return this.batcher.submit(deleteOp(key, expected));
  }

  watch(prefix: string, opts: WatchOptions = {}): Watcher {
    const maxBuffered = opts.maxBuffered ?? DEFAULT_MAX_BUFFERED;
    const onEnd = (w: EmbeddedWatcher): void => {
      this.hub.remove(w);
    };
    try {
      if (this.closed) throw unavailable('embedded storage is closed');
      if (!Number.isSafeInteger(maxBuffered) || maxBuffered < 1) {
        throw invalidRequest(prefix, `invalid maxBuffered ${maxBuffered}`);
      }
      const start = planWatch(this.dbs, prefix, opts, this.hub.lastRevision);
      const watcher = new EmbeddedWatcher({ prefix, maxBuffered, onEnd, ...start });
      this.hub.add(watcher);
      return watcher;
    } catch (err) {
      const watcher = new EmbeddedWatcher({ prefix, maxBuffered, onEnd, threshold: 0 });
      watcher.fail(asStorageError(err));
      return watcher;
    }
  }

  async txn(req: TxnRequest): Promise<TxnResult> {
    validateTxn(req);
    return this.batcher.submit(txnOp(req));
  }

  currentRevision(): Promise<number> {
    return this.read(() => readRevision(this.dbs));
  }

  async compact(revision: number): Promise<void> {
    if (!Number.isSafeInteger(revision) || revision < 0) {
      throw invalidRequest('', `invalid compact revision ${revision}`);
    }
    while ((await this.batcher.submit(compactStepOp(revision, this.compactStep))) < revision) {
      // each step compacts a bounded number of revisions in its own transaction
    }
  }

  compactedRevision(): Promise<number> {
    return this.read(() => readCompacted(this.dbs));
  }

  async grantLease(ttlSeconds: number): Promise<LeaseId> {
    if (typeof ttlSeconds !== 'number' || !Number.isFinite(ttlSeconds) || ttlSeconds <= 0) {
      throw invalidRequest('', `invalid lease TTL ${ttlSeconds}`);
    }
    const op = grantOp(ttlSeconds, this.clock.now(), (g) => {
      this.leases.set(g.id, g.expiresAt);
    });
    return (await this.batcher.submit(op)).id;
  }

  async revokeLease(id: LeaseId): Promise<void> {
    validateLease('', id);
    if (id === 0) return;
    const op = revokeOp(id, (gone) => {
      this.leases.delete(gone);
    });
    await this.batcher.submit(op);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.leases.stop();
    await this.batcher.close();
    this.hub.closeAll();
    try {
      await this.dbs.env.close();
    } finally {
      this.release();
    }
  }

  /** Runs a synchronous snapshot read; unexpected failures become Unavailable. */
  private read<T>(fn: () => T): Promise<T> {
    if (this.closed) return Promise.reject(unavailable('embedded storage is closed'));
    try {
      return Promise.resolve(fn());
    } catch (err) {
      return Promise.reject(asStorageError(err));
    }
  }
}

function checkPrefix(prefix: string): string {
  if (typeof prefix !== 'string') throw invalidRequest(String(prefix), 'prefix must be a string');
  return prefix;
}

function checkPut(key: string, value: string, lease: LeaseId): void {
  validateKey(key);
  if (typeof value !== 'string') throw invalidRequest(key, 'value must be a string');
  validateLease(key, lease);
}

function asStorageError(err: unknown): ReturnType<typeof unavailable> {
  if (isStorageError(err)) return err;
  return unavailable(`embedded storage: ${err instanceof Error ? err.message : String(err)}`);
}
