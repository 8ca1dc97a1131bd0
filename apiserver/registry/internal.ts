/**
 * What the server's own parts (audit, authentication) need of storage beyond the stores' verbs,
 * in the registry's key layout and codec: internal records (keys under /orgplane/: signing keys,
 * password hashes, lease bookkeeping), an object's current incarnation, and one atomic
 * transaction over both (kube's loopback client has no such verb; these writes must commit
 * together). Objects written here skip the write pipeline on purpose: they are the audit trail
 * itself, which must not be admitted or audited in turn. Nothing here logs: records hold secrets.
 */
import type { KubeObject } from '../../api/meta.js';
import type { ResourceInfo } from '../../api/resource.js';
import { decode, encode } from '../storage/codec.js';
import { isStorageError } from '../storage/errors.js';
import type { Compare, KeyValue, LeaseId, Storage, TxnOp } from '../storage/interface.js';
import { internalKey, objectKey } from './keys.js';

export type { LeaseId };

export type ResourceRef = Pick<ResourceInfo, 'group' | 'plural' | 'namespaced'>;

/** One internal record: its key, value and the revision it was last written at. */
export interface StoredRecord {
  readonly key: string;
  readonly value: string;
  readonly revision: number;
}

export interface RecordEvent {
  readonly type: 'put' | 'delete';
  readonly key: string;
  /** put: the record written; delete: the record as it was */
  readonly record: StoredRecord;
  readonly revision: number;
}

export interface RecordWatch extends AsyncIterable<RecordEvent> {
  stop(): void;
}

/** A condition of a transaction: it commits only when every guard holds. */
export type Guard =
  /** the key (a record's, or an object's from objectAbsent) does not exist */
  | { readonly absent: string }
  /** the key was last written at `revision` (0: it does not exist) */
  | { readonly unchanged: string; readonly revision: number }
  /** the object is still the incarnation read by `incarnation()` */
  | { readonly incarnation: string; readonly createRevision: number };

export type Write =
  | { readonly put: string; readonly value: string; readonly lease?: LeaseId }
  | { readonly delete: string }
  | { readonly resource: ResourceRef; readonly object: KubeObject; readonly lease?: LeaseId };

export interface Incarnation {
  readonly object: KubeObject;
  /** holds while the object is neither deleted nor recreated */
  readonly guard: Guard;
  /** holds while the object is not written at all */
  readonly unchanged: Guard;
}

/** Holds while no object of `res` is named ns/name. */
export function objectAbsent(res: ResourceRef, ns: string, name: string): Guard {
  return { absent: objectKey(res, ns, name) };
}

const RECORDS_ROOT = internalKey('');

function recordKey(key: string): string {
  if (!key.startsWith(RECORDS_ROOT)) throw new Error(`not an internal record key: ${key}`);
  return key;
}

const toRecord = (kv: KeyValue): StoredRecord => ({ key: kv.key, value: kv.value, revision: kv.modRevision });

/** A guard as a storage compare, for admission's share of a write's transaction (Attributes.txn). */
export function txnCompareOf(g: Guard): Compare {
  if ('absent' in g) return { key: g.absent, target: 'createRevision', op: '=', value: 0 };
  if ('unchanged' in g) return { key: g.unchanged, target: 'modRevision', op: '=', value: g.revision };
  return { key: g.incarnation, target: 'createRevision', op: '=', value: g.createRevision };
}

/** A write as a storage op, for admission's share of a write's transaction (Attributes.txn). */
export function txnOpOf(w: Write): TxnOp {
  if ('delete' in w) return { type: 'delete', key: recordKey(w.delete) };
  const lease = w.lease ? { lease: w.lease } : {};
  if ('put' in w) return { type: 'put', key: recordKey(w.put), value: w.value, ...lease };
  const key = objectKey(w.resource, w.object.metadata.namespace ?? '', w.object.metadata.name ?? '');
  return { type: 'put', key, value: encode(w.object), ...lease };
}

/** True when a transaction failed because a lease it named expired or was revoked. */
export function isLeaseGone(err: unknown): boolean {
  return isStorageError(err, 'InvalidRequest') && err.message.includes('lease');
}

export class InternalStore {
  constructor(private readonly storage: Storage) {}

  async get(key: string): Promise<StoredRecord | undefined> {
    const kv = await this.storage.get(recordKey(key));
    return kv ? toRecord(kv) : undefined;
  }

  /**
   * The keys under a prefix of the registry's layout (records or a group's or resource's objects),
   * in key order at one revision; `limit`, `continueAfter` and `revision` page through them.
   */
  async list(
    prefix: string,
    page: { readonly limit?: number; readonly continueAfter?: string; readonly revision?: number } = {},
  ): Promise<{ items: StoredRecord[]; revision: number; more: boolean }> {
    const r = await this.storage.list(prefix, page);
    return { items: r.items.map(toRecord), revision: r.revision, more: r.more };
  }

  /** Changes under a prefix after `fromRevision`; ends by throwing when storage ends the watch. */
  watch(prefix: string, fromRevision: number): RecordWatch {
    const w = this.storage.watch(prefix, { fromRevision });
    return {
      stop: () => {
        w.stop();
      },
      [Symbol.asyncIterator]: () => {
        const it = w[Symbol.asyncIterator]();
        return {
          next: async (): Promise<IteratorResult<RecordEvent>> => {
            const r = await it.next();
            if (r.done) return { done: true, value: undefined };
            const ev = r.value;
            const type = ev.type === 'delete' ? 'delete' : 'put';
            return {
              done: false,
              value: { type, key: ev.key, record: toRecord(ev.kv), revision: ev.revision },
            };
          },
          return: async (): Promise<IteratorResult<RecordEvent>> => {
            await it.return?.();
            return { done: true, value: undefined };
          },
        };
      },
    };
  }

  /** The object as stored now (not the watch cache's view), with a guard on its incarnation. */
  async incarnation(res: ResourceRef, ns: string, name: string): Promise<Incarnation | undefined> {
    const kv = await this.storage.get(objectKey(res, ns, name));
    if (!kv) return undefined;
    return {
      object: decode(kv),
      guard: { incarnation: kv.key, createRevision: kv.createRevision },
      unchanged: { unchanged: kv.key, revision: kv.modRevision },
    };
  }

  grantLease(ttlSeconds: number): Promise<LeaseId> {
    return this.storage.grantLease(ttlSeconds);
  }

  revokeLease(id: LeaseId): Promise<void> {
    return this.storage.revokeLease(id);
  }

  /** Every write at one new revision when every guard holds; nothing otherwise. */
  async transact(
    guards: readonly Guard[],
    writes: readonly Write[],
  ): Promise<{ succeeded: boolean; revision: number }> {
    const r = await this.storage.txn({ compares: guards.map(txnCompareOf), success: writes.map(txnOpOf) });
    return { succeeded: r.succeeded, revision: r.revision };
  }
}
