/**
 * The LMDB environment and the record shapes stored in it. One environment, six named databases:
 *
 *   meta      'rev' current revision, 'compacted' compacted revision, 'leaseSeq' last lease id
 *   cur       current-key index: utf8(key) → CurRecord (only live keys)
 *   hist      every incarnation of every key since compaction: (key, rev) → HistRecord
 *   log       revision log: rev → LogEntry[] (the keys one write transaction changed)
 *   leases    lease id → LeaseRecord
 *   leaseKeys (lease id, key) → 1, the keys attached to each lease
 *
 * Commits are synchronous (no overlappingSync, no noSync): a commit promise resolves only after
 * LMDB has flushed the transaction to disk.
 */
import { open } from 'lmdb';
import type { Database, RootDatabase } from 'lmdb';
import type { KeyValue } from '../interface.js';

/** A live key's current state. */
export interface CurRecord {
  readonly v: string;
  readonly c: number;
  readonly m: number;
  readonly ver: number;
  readonly l: number;
}

/** A key's state at the revision in its hist key; `d` marks a deletion (tombstone). */
export type HistRecord =
  | {
      readonly v: string;
      readonly c: number;
      readonly ver: number;
      readonly l: number;
      readonly d?: undefined;
    }
  | { readonly d: 1 };

/** One key changed by a revision; p is the key's modRevision before the change (0: none). */
export interface LogEntry {
  readonly k: string;
  readonly p: number;
}

export interface LeaseRecord {
  readonly ttl: number;
  /** expiry time in clock milliseconds */
  readonly exp: number;
}

export type MetaKey = 'rev' | 'compacted' | 'leaseSeq';

export interface Dbs {
  readonly env: RootDatabase;
  readonly meta: Database<number, MetaKey>;
  readonly cur: Database<CurRecord, Buffer>;
  readonly hist: Database<HistRecord, Buffer>;
  readonly log: Database<LogEntry[], number>;
  readonly leases: Database<LeaseRecord, number>;
  readonly leaseKeys: Database<number, Buffer>;
}

/** Opens (creating when missing) the environment in the existing directory path. */
export function openDbs(path: string): Dbs {
  const env = open({ path, overlappingSync: false, noSubdir: false, maxDbs: 8 });
  const binary = { keyEncoding: 'binary' } as const;
  return {
    env,
    meta: env.openDB<number, MetaKey>('meta', {}),
    cur: env.openDB<CurRecord, Buffer>('cur', binary),
    hist: env.openDB<HistRecord, Buffer>('hist', binary),
    log: env.openDB<LogEntry[], number>('log', {}),
    leases: env.openDB<LeaseRecord, number>('leases', {}),
    leaseKeys: env.openDB<number, Buffer>('leaseKeys', binary),
  };
}

/** The current revision: 1 on an empty store. */
export function readRevision(dbs: Dbs): number {
  return dbs.meta.get('rev') ?? 1;
}

/**
 * On a store that has never been written, start the revision counter at rev, with everything
 * below it compacted (a restore keeps resourceVersions from going backwards: reads and watches
 * from an older revision answer Expired). A store already written is left as it is.
 */
export function seedRevision(dbs: Dbs, rev: number): void {
  dbs.env.transactionSync(() => {
    if (dbs.meta.get('rev') !== undefined || dbs.cur.getKeysCount() > 0 || rev <= 1) return;
    dbs.meta.putSync('rev', rev);
    dbs.meta.putSync('compacted', rev);
  });
}

export function readCompacted(dbs: Dbs): number {
  return dbs.meta.get('compacted') ?? 0;
}

export function curToKv(key: string, r: CurRecord): KeyValue {
  return { key, value: r.v, createRevision: r.c, modRevision: r.m, version: r.ver, lease: r.l };
}

/** The KeyValue of a hist record at rev, undefined for a tombstone. */
export function histToKv(key: string, rev: number, r: HistRecord): KeyValue | undefined {
  if (r.d !== undefined) return undefined;
  return { key, value: r.v, createRevision: r.c, modRevision: rev, version: r.ver, lease: r.l };
}
