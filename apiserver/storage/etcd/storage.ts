import { expired, isStorageError } from '../errors.js';
import type * as S from '../interface.js';
import type { EtcdRpc } from './client.js';
import { Compaction } from './compaction.js';
import { grantLease, revokeLease } from './leases.js';
import { countPrefix, currentRevision, getKey, listPrefix } from './reads.js';
import { TxnCoalescer } from './coalesce.js';
import { runTxn } from './txn.js';
import { EtcdWatcher } from './watch.js';
import { createKey, deleteKey } from './writes.js';

/** The Storage contract on etcd v3: revisions, compaction, leases and watches are etcd's own. */
export class EtcdStorage implements S.Storage {
  readonly name = 'etcd';
  private readonly compaction: Compaction;
  private readonly watchers = new Set<EtcdWatcher>();
  private readonly txns: TxnCoalescer;

  constructor(private readonly rpc: EtcdRpc) {
    this.compaction = new Compaction(rpc);
    this.txns = new TxnCoalescer((req) => runTxn(rpc, req));
  }

  get(key: string, opts?: { readonly revision?: number }): Promise<S.KeyValue | undefined> {
    return this.atRevision(getKey(this.rpc, key, opts?.revision));
  }

  list(prefix: string, opts?: S.ListOptions): Promise<S.ListResult> {
    return this.atRevision(listPrefix(this.rpc, prefix, opts));
  }

  count(prefix: string): Promise<number> {
    return countPrefix(this.rpc, prefix);
  }

  create(key: string, value: string, opts?: S.PutOptions): Promise<S.KeyValue> {
    return createKey(this.rpc, key, value, opts?.lease);
  }

  delete(key: string, opts?: S.DeleteOptions): Promise<S.DeleteResult> {
    return deleteKey(this.rpc, key, opts);
  }

  watch(prefix: string, opts: S.WatchOptions = {}): S.Watcher {
    const watcher = new EtcdWatcher(
      { rpc: this.rpc, compaction: this.compaction, onEnd: (w) => this.watchers.delete(w) },
      prefix,
      opts,
    );
    this.watchers.add(watcher);
    return watcher;
  }

  /** Transactions without a failure branch may share one etcd Txn (coalesce.ts). */
  txn(req: S.TxnRequest): Promise<S.TxnResult> {
    return this.txns.txn(req);
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

  grantLease(ttlSeconds: number): Promise<S.LeaseId> {
    return grantLease(this.rpc, ttlSeconds);
  }

  revokeLease(id: S.LeaseId): Promise<void> {
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
