import { isStorageError } from '../errors.js';
import type { EtcdRpc } from './client.js';
import { checkCount, currentRevision } from './reads.js';

/**
 * Compaction bookkeeping. etcd does not report its compacted revision directly, so it is tracked
 * from our own compactions and watch cancellations, and verified with reads: a read at revision r
 * succeeds exactly when r >= the compacted revision.
 */
export class Compaction {
  private known = 0;

  constructor(private readonly rpc: EtcdRpc) {}

  /** Record a compacted revision learned elsewhere (e.g. a watch cancelled for compaction). */
  observe(revision: number): void {
    this.known = Math.max(this.known, revision);
  }

  async compact(revision: number): Promise<void> {
    const rev = checkCount('', 'revision', revision);
    if (rev <= this.known) return;
    try {
      await this.rpc.write('', (c) => c.kv.compact({ revision: rev }));
      this.observe(rev);
    } catch (err) {
      // Already compacted at or past rev (by another client): nothing left to do.
      if (!isStorageError(err, 'Expired')) throw err;
    }
  }

  async compactedRevision(): Promise<number> {
    if (await this.readable(Math.max(this.known, 1))) return this.known;
    // Someone compacted past what we know: binary-search the oldest readable revision.
    let lo = this.known + 1;
    let hi = await currentRevision(this.rpc);
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (await this.readable(mid)) hi = mid;
      else lo = mid + 1;
    }
    this.observe(lo);
    return this.known;
  }

  private async readable(revision: number): Promise<boolean> {
    try {
      await this.rpc.read('', (c) => c.kv.range({ key: Buffer.from([0]), revision, count_only: true }));
      return true;
    } catch (err) {
      if (isStorageError(err, 'Expired')) return false;
      throw err;
    }
  }
}
