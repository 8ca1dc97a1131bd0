/**
 * Write operations, each run inside a batch's LMDB write transaction with its own Mutation
 * (its own revision). apply() throws a StorageError only before it has written anything, so a
 * refused operation leaves the batch intact.
 */
import { conflict, invalidRequest, keyExists, keyNotFound } from '../errors.js';
import type { DeleteResult, KeyValue, LeaseId } from '../interface.js';
import type { LeaseRecord } from './db.js';
import { keyFromLeaseKey, leasePrefix, prefixEnd } from './keys.js';
import type { Mutation } from './mutation.js';

export interface WriteOp<T> {
  apply(m: Mutation): T;
  /** runs after the batch is durable, before the caller's promise resolves */
  committed?(result: T): void;
}

function requireLease(m: Mutation, key: string, lease: LeaseId): void {
  if (!m.leaseExists(lease)) throw invalidRequest(key, `lease ${lease} not found`);
}

export function createOp(key: string, value: string, lease: LeaseId): WriteOp<KeyValue> {
  return {
    apply(m) {
      if (m.current(key) !== undefined) throw keyExists(key);
      requireLease(m, key, lease);
      return m.put(key, value, lease);
    },
  };
}

/** Delete key, if expectedMod is given only while its modRevision equals it. */
export function deleteOp(key: string, expectedMod?: number): WriteOp<DeleteResult> {
  return {
    apply(m) {
      const cur = m.current(key);
      if (cur === undefined) throw keyNotFound(key);
      if (expectedMod !== undefined && cur.modRevision !== expectedMod) {
        throw conflict(
          key,
          `${key}: expected revision ${expectedMod}, found ${cur.modRevision}`,
          cur.modRevision,
        );
      }
      m.delete(key);
      return { prev: cur, revision: m.rev };
    },
  };
}

export interface GrantedLease {
  readonly id: LeaseId;
  readonly expiresAt: number;
}

export function grantOp(
  ttlSeconds: number,
  now: number,
  onGranted: (lease: GrantedLease) => void,
): WriteOp<GrantedLease> {
  return {
    apply(m) {
      const id = (m.dbs.meta.get('leaseSeq') ?? 0) + 1;
      const rec: LeaseRecord = { ttl: ttlSeconds, exp: now + ttlSeconds * 1000 };
      m.dbs.meta.putSync('leaseSeq', id);
      m.dbs.leases.putSync(id, rec);
      return { id, expiresAt: rec.exp };
    },
    committed: onGranted,
  };
}

/** Drop a lease and delete its keys at one revision. Unknown lease: nothing. */
export function revokeOp(id: LeaseId, onRevoked: (id: LeaseId) => void): WriteOp<boolean> {
  return {
    apply(m) {
      if (m.dbs.leases.get(id) === undefined) return false;
      const start = leasePrefix(id);
      const end = prefixEnd(start);
      const keys: string[] = [];
      for (const raw of m.dbs.leaseKeys.getKeys(end === undefined ? { start } : { start, end })) {
        keys.push(keyFromLeaseKey(raw));
      }
      for (const key of keys) m.delete(key);
      m.dbs.leases.removeSync(id);
      return true;
    },
    committed: () => {
      onRevoked(id);
    },
  };
}
