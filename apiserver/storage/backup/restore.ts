/**
 * Writes a backup's entries into an empty store: the values byte for byte (objects are stored
 * without resourceVersion, so they read back identical but for it; Secrets keep their
 * ciphertext), each key guarded absent, in transactions of at most BATCH keys and BATCH_BYTES
 * (under etcd's default limits of 128 ops and 1.5 MiB a request). Keys that had a lease get a
 * fresh lease of leaseTtlSeconds, one per lease of the source (its TTL is not in the store's
 * interface, so not in the backup).
 *
 * A store whose revision counter cannot be set (etcd) is first advanced past the backup's revision
 * by rewriting one marker key (each write is one revision), so that resourceVersions never go
 * backwards: every restored object and every later write has a revision above the backup's, and a
 * client's resourceVersion from before the backup is old there, never "in the future".
 */
import type { Compare, Storage, TxnOp } from '../interface.js';
import { BackupError, type BackupEntry } from './format.js';
import { ROOT } from './snapshot.js';

const BATCH = 64;
const BATCH_BYTES = 1024 * 1024;

export interface RestoreOptions {
  /** TTL of the fresh lease that replaces each lease of the source */
  readonly leaseTtlSeconds: number;
  /** keys not to restore (records that name a lease of the source) */
  readonly skip?: (key: string) => boolean;
  readonly onProgress?: (done: number) => void;
}

export interface RestoreResult {
  readonly restored: number;
  readonly skipped: number;
  readonly leases: number;
  /** the target's revision afterwards */
  readonly revision: number;
}

/** BackupError unless the store holds no key at all. */
export async function requireEmpty(target: Storage, what: string): Promise<void> {
  const first = (await target.list(ROOT, { limit: 1 })).items[0];
  if (first)
    throw new BackupError(`${what} is not empty (it holds ${first.key}): restore only into an empty store`);
}

export async function restoreEntries(
  target: Storage,
  entries: AsyncIterable<BackupEntry>,
  opts: RestoreOptions,
): Promise<RestoreResult> {
  const leases = new Map<number, number>();
  let compares: Compare[] = [];
  let ops: TxnOp[] = [];
  let bytes = 0;
  let restored = 0;
  let skipped = 0;
  const flush = async (): Promise<void> => {
    if (ops.length === 0) return;
    const res = await target.txn({ compares, success: ops });
    if (!res.succeeded)
      throw new BackupError(
        'the target store was written to during the restore: restore into a store nobody uses',
      );
    restored += ops.length;
    opts.onProgress?.(restored);
    compares = [];
    ops = [];
    bytes = 0;
  };
  for await (const e of entries) {
    if (opts.skip?.(e.key) === true) {
      skipped++;
      continue;
    }
    let lease = 0;
    if (e.lease !== undefined) {
      lease = leases.get(e.lease) ?? (await target.grantLease(opts.leaseTtlSeconds));
      leases.set(e.lease, lease);
    }
    const size = e.key.length + e.value.length;
    if (ops.length >= BATCH || (ops.length > 0 && bytes + size > BATCH_BYTES)) await flush();
    compares.push({ key: e.key, target: 'createRevision', op: '=', value: 0 });
    ops.push(
      lease
        ? { type: 'put', key: e.key, value: e.value, lease }
        : { type: 'put', key: e.key, value: e.value },
    );
    bytes += size;
  }
  await flush();
  return { restored, skipped, leases: leases.size, revision: await target.currentRevision() };
}

/** The key rewritten to advance a store's revision; deleted at the end. */
export const REVISION_MARKER = '/orgplane/restore/revision';
const IN_FLIGHT = 64;

/** Writes until the store's revision is above `revision`; onProgress(current) now and then. */
export async function advanceRevision(
  target: Storage,
  revision: number,
  onProgress: (current: number) => void = () => undefined,
): Promise<number> {
  let current = await target.currentRevision();
  if (current > revision) return current;
  const put = (): Promise<unknown> =>
    target.txn({ compares: [], success: [{ type: 'put', key: REVISION_MARKER, value: '' }] });
  while (current <= revision) {
    const n = Math.min(IN_FLIGHT, revision - current + 1);
    await Promise.all(Array.from({ length: n }, put));
    current = await target.currentRevision();
    onProgress(current);
  }
  const res = await target.txn({ compares: [], success: [{ type: 'delete', key: REVISION_MARKER }] });
  return res.revision;
}
