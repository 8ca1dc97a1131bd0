/**
 * Retention through storage leases, one per time bucket rather than one per event: events written
 * during a bucket share a lease of TTL retention + bucket, so each lives at least the retention.
 * The bucket's lease ID is kept at /orgplane/audit/lease-buckets/<n> (attached to that lease), so
 * restarts and several API servers on one etcd reuse it.
 */
import type { InternalStore, LeaseId } from '../registry/internal.js';
import { internalKey } from '../registry/keys.js';

export interface LeaseBucketOptions {
  readonly retentionSeconds: number;
  /** bucket width (default: a tenth of the retention, between 1 s and 1 h) */
  readonly bucketSeconds?: number;
}

export function defaultBucketSeconds(retentionSeconds: number): number {
  return Math.min(3600, Math.max(1, Math.floor(retentionSeconds / 10)));
}

export class LeaseBuckets {
  private readonly cache = new Map<number, Promise<LeaseId>>();
  private readonly bucketOf = new Map<LeaseId, number>();
  readonly bucketSeconds: number;
  readonly ttlSeconds: number;

  constructor(
    private readonly records: Pick<InternalStore, 'get' | 'grantLease' | 'revokeLease' | 'transact'>,
    opts: LeaseBucketOptions,
  ) {
    if (!(opts.retentionSeconds > 0))
      throw new RangeError('audit retention must be a positive number of seconds');
    this.bucketSeconds = opts.bucketSeconds ?? defaultBucketSeconds(opts.retentionSeconds);
    this.ttlSeconds = Math.ceil(opts.retentionSeconds + this.bucketSeconds);
  }

  /** The lease for events written at epochMs. */
  leaseFor(epochMs: number): Promise<LeaseId> {
    const bucket = Math.floor(epochMs / 1000 / this.bucketSeconds);
    const cached = this.cache.get(bucket);
    if (cached) return cached;
    for (const old of this.cache.keys()) if (old < bucket - 1) this.cache.delete(old);
    for (const [id, b] of this.bucketOf) if (b < bucket - 1) this.bucketOf.delete(id);
    const pending = this.obtain(bucket).then(
      (id) => {
        this.bucketOf.set(id, bucket);
        return id;
      },
      (err: unknown) => {
        this.cache.delete(bucket);
        throw err;
      },
    );
    this.cache.set(bucket, pending);
    return pending;
  }

  /** Forget a lease that storage no longer knows (expired or revoked); the next call gets a new one. */
  forget(lease: LeaseId): void {
    const bucket = this.bucketOf.get(lease);
    if (bucket === undefined) return;
    this.bucketOf.delete(lease);
    this.cache.delete(bucket);
  }

  private async obtain(bucket: number): Promise<LeaseId> {
    const key = internalKey('audit', 'lease-buckets', String(bucket));
    const known = await this.records.get(key);
    if (known) return Number(known.value);
    const id = await this.records.grantLease(this.ttlSeconds);
    const res = await this.records.transact([{ absent: key }], [{ put: key, value: String(id), lease: id }]);
    if (res.succeeded) return id;
    await this.records.revokeLease(id);
    const winner = await this.records.get(key);
    if (!winner) throw new Error(`audit lease bucket ${String(bucket)} vanished`);
    return Number(winner.value);
  }
}
