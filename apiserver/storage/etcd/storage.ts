import { expired, isStorageError } from '../errors.js';
import type {
  DeleteOptions,
  DeleteResult,
  KeyValue,
  LeaseId,
  ListOptions,
  ListResult,
  PutOptions,
  Storage,
  TxnRequest,
  TxnResult,
  WatchOptions,
  Watcher,
} from '../interface.js';
import type { EtcdRpc } from './client.js';
import { Compaction } from './compaction.js';
import { grantLease, revokeLease } from './leases.js';
import { countPrefix, currentRevision, getKey, listPrefix } from './reads.js';
import { runTxn } from './txn.js';
import { EtcdWatcher } from './watch.js';
import { createKey, deleteKey } from './writes.js';

/** The Storage contract on etcd v3: revisions, compaction, leases and watches are etcd's own. */
export class EtcdStorage implements Storage {
  readonly name = 'etcd';
  private readonly compaction: Compaction;
  private readonly watchers = new Set<EtcdWatcher>();

  constructor(private readonly rpc: EtcdRpc) {
    this.compaction = new Compaction(rpc);
  }

  get(key: string, opts?: { readonly revision?: number }): Promise<KeyValue | undefined> {
    return this.atRevision(getKey(this.rpc, key, opts?.revision));
  }

  list(prefix: string, opts?: ListOptions): Promise<ListResult> {
    return this.atRevision(listPrefix(this.rpc, prefix, opts));
  }

  count(prefix: string): Promise<number> {
    return countPrefix(this.rpc, prefix);
  }

  create(key: string, value: string, opts?: PutOptions): Promise<KeyValue> {
    return createKey(this.rpc, key, value, opts?.lease);
  }

  delete(key: string, opts?: DeleteOptions): Promise<DeleteResult> {
    return deleteKey(this.rpc, key, opts);
  }

  watch(prefix: string, opts: WatchOptions = {}): Watcher {
    const watcher = new EtcdWatcher(
      { rpc: this.rpc, compaction: this.compaction, onEnd: (w) => this.watchers.delete(w) },
      prefix,
      opts,
    );
    this.watchers.add(watcher);
    return watcher;
  }

  txn(req: TxnRequest): Promise<TxnResult> {
    return runTxn(this.rpc, req);
  }

  currentRevision(): Promise<number> {
    return currentRevision(this.rpc);
  }

  compact(revision: number): Promise<void> {
    return this.compaction.compact(revision);
  }

  compactedRevision(): Promise<number> {
    return this.compaction.compactedRevision();
  }

  grantLease(ttlSeconds: number): Promise<LeaseId> {
    return grantLease(this.rpc, ttlSeconds);
  }

  revokeLease(id: LeaseId): Promise<void> {
    return revokeLease(this.rpc, id);
  }

  close(): Promise<void> {
    for (const watcher of [...this.watchers]) watcher.stop();
    this.rpc.client.close();
    return Promise.resolve();
  }

  /** A read below the compacted revision: Expired, carrying the oldest revision still readable. */
  private async atRevision<T>(read: Promise<T>): Promise<T> {
    try {
      return await read;
    } catch (err) {
      if (!isStorageError(err, 'Expired')) throw err;
      const oldest = await this.compaction.compactedRevision().catch(() => undefined);
      throw expired(err.key, err.message, oldest);
    }
  }
}
