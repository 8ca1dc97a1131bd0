/** The embedded storage backend: an MVCC revision log on LMDB, single process. */
import type { Storage } from '../interface.js';
import { mkdirSync } from 'node:fs';
import { isStorageError, unavailable } from '../errors.js';
import { systemClock } from './clock.js';
import type { Clock } from './clock.js';
import { COMPACT_STEP } from './compact.js';
import { openDbs, seedRevision } from './db.js';
import { DEFAULT_LEASE_CHECK_MS } from './leases.js';
import { lockDataDir } from './lock.js';
import { EmbeddedStorage } from './store.js';

export { EmbeddedStorage } from './store.js';
export type { Clock } from './clock.js';
export { systemClock } from './clock.js';

export interface EmbeddedStorageOptions {
  /** data directory (created when missing) */
  readonly path: string;
  /** time source for leases; the system clock by default */
  readonly clock?: Clock;
  /** how often expired leases are revoked, default 250 ms; 0 disables the timer */
  readonly leaseCheckIntervalMs?: number;
  /** most write operations committed in one LMDB transaction, default 1000 */
  readonly maxBatch?: number;
  /** most revisions one compaction transaction covers, default 1000 */
  readonly compactStep?: number;
  /** on a never-written store, start the revision counter here (restore; see db.ts seedRevision) */
  readonly initialRevision?: number;
  /** failures of background work (lease expiry, after-commit hooks) are reported here */
  readonly onError?: (err: unknown) => void;
}

export function openEmbeddedStorage(opts: EmbeddedStorageOptions): Promise<EmbeddedStorage & Storage> {
  let release: (() => void) | undefined;
  try {
    mkdirSync(opts.path, { recursive: true });
    release = lockDataDir(opts.path);
    const dbs = openDbs(opts.path);
    if (opts.initialRevision !== undefined) seedRevision(dbs, opts.initialRevision);
    const store = new EmbeddedStorage({
      dbs,
      clock: opts.clock ?? systemClock,
      maxBatch: opts.maxBatch ?? 1000,
      compactStep: opts.compactStep ?? COMPACT_STEP,
      onError: opts.onError ?? (() => undefined),
      release,
    });
    const interval = opts.leaseCheckIntervalMs ?? DEFAULT_LEASE_CHECK_MS;
    if (interval > 0) store.startLeaseTimer(interval);
    return Promise.resolve(store);
  } catch (err) {
    release?.();
    if (isStorageError(err)) return Promise.reject(err);
    const reason = err instanceof Error ? err.message : String(err);
    return Promise.reject(unavailable(`cannot open embedded storage at ${opts.path}: ${reason}`));
  }
}
