/**
 * The writes of one logical write transaction, all at one revision. Used only inside the LMDB
 * write transaction of a batch (see batcher.ts): reads see the batch's earlier writes, and
 * putSync/removeSync join the open transaction.
 */
import { invalidRequest } from '../errors.js';
import type { KeyValue, LeaseId, WatchEvent } from '../interface.js';
import { curToKv } from './db.js';
import type { Dbs, LogEntry } from './db.js';
import { curKey, histKey, leaseKey } from './keys.js';

const TOMBSTONE = { d: 1 } as const;

export class Mutation {
  readonly events: WatchEvent[] = [];
  private readonly entries: LogEntry[] = [];
  private readonly touched = new Set<string>();

  constructor(
    readonly dbs: Dbs,
    /** the revision every write of this mutation gets */
    readonly rev: number,
  ) {}

  get changed(): boolean {
    return this.entries.length > 0;
  }

  current(key: string): KeyValue | undefined {
    const r = this.dbs.cur.get(curKey(key));
    return r === undefined ? undefined : curToKv(key, r);
  }

  leaseExists(lease: LeaseId): boolean {
    return lease === 0 || this.dbs.leases.get(lease) !== undefined;
  }

  /** Writes key; the caller has checked preconditions and that the lease exists. */
  put(key: string, value: string, lease: LeaseId): KeyValue {
    this.touch(key);
    const prev = this.current(key);
    const kv: KeyValue = {
      key,
      value,
      createRevision: prev?.createRevision ?? this.rev,
      modRevision: this.rev,
      version: (prev?.version ?? 0) + 1,
      lease,
    };
    const { dbs } = this;
    dbs.cur.putSync(curKey(key), { v: value, c: kv.createRevision, m: this.rev, ver: kv.version, l: lease });
    dbs.hist.putSync(histKey(key, this.rev), { v: value, c: kv.createRevision, ver: kv.version, l: lease });
    if (prev !== undefined && prev.lease !== 0 && prev.lease !== lease) {
      dbs.leaseKeys.removeSync(leaseKey(prev.lease, key));
    }
    if (lease !== 0 && prev?.lease !== lease) dbs.leaseKeys.putSync(leaseKey(lease, key), 1);
    this.entries.push({ k: key, p: prev?.modRevision ?? 0 });
    this.events.push(
      prev === undefined
        ? { type: 'create', key, revision: this.rev, kv }
        : { type: 'update', key, revision: this.rev, kv, prev },
    );
    return kv;
  }

  /** Deletes key; returns the KeyValue before the delete, undefined (and no write) when absent. */
  delete(key: string): KeyValue | undefined {
    const prev = this.current(key);
    if (prev === undefined) return undefined;
    this.touch(key);
    const { dbs } = this;
    dbs.cur.removeSync(curKey(key));
    dbs.hist.putSync(histKey(key, this.rev), TOMBSTONE);
    if (prev.lease !== 0) dbs.leaseKeys.removeSync(leaseKey(prev.lease, key));
    this.entries.push({ k: key, p: prev.modRevision });
    this.events.push({ type: 'delete', key, revision: this.rev, kv: prev });
    return prev;
  }

  /** Appends the revision's log entry; call once, after the last write. */
  finish(): void {
    if (this.changed) this.dbs.log.putSync(this.rev, this.entries);
  }

  private touch(key: string): void {
    if (this.touched.has(key)) throw invalidRequest(key, `key ${key} is written twice in one transaction`);
    this.touched.add(key);
  }
}
