/**
 * The queue of one quota record's writes waiting for the group committer, the batches in flight
 * for it, and how the next batch is cut from the queue within etcd's transaction limits.
 */
import type { KeyValue } from '../storage/interface.js';
import { compareId, type CommitMember, type CommitOutcome } from './commit-plan.js';

export interface Pending {
  readonly member: CommitMember;
  /** batches of this write that failed on a record changed elsewhere */
  rounds: number;
  resolve(o: CommitOutcome): void;
  reject(err: unknown): void;
}

/** etcd refuses a txn with more than 128 compares or ops (--max-txn-ops); stay under it. */
const MAX_ENTRIES = 120;
const MAX_MEMBERS = 100;

export class Lane {
  readonly queue: Pending[] = [];
  inFlight = 0;
  /**
   * A batch in flight failed: the ones sent after it were planned on its outcome and fail too.
   * Nothing is sent until they have all landed and the records are reset from what they read.
   */
  stalled = false;
  /** records as the failed batches read them back; null: unknown (a batch erred), reload */
  readonly readBack = new Map<string, KeyValue | undefined | null>();
  private wake: (() => void) | undefined;

  /** Resolves at the next enqueue or landing. */
  next(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  poke(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  /** Waits until no batch is in flight. */
  async idle(): Promise<void> {
    while (this.inFlight > 0) await this.next();
  }

  /**
   * The next batch, in arrival order, within the txn limits (compares counted once however many
   * writes share them); a write touching a key an earlier one in the batch writes waits for the
   * next batch (a txn writes each key once).
   */
  take(): Pending[] {
    const q = this.queue;
    const batch: Pending[] = [];
    const keys = new Set<string>();
    const compares = new Set<string>();
    let ops = 0;
    for (let i = 0; i < q.length && batch.length < MAX_MEMBERS;) {
      const p = q[i];
      if (!p) break;
      const mine = p.member.ops.map((o) => o.key);
      const added = p.member.compares.map(compareId).filter((c) => !compares.has(c));
      const records = 2 * p.member.charges.length;
      const fits =
        compares.size + added.length + records <= MAX_ENTRIES && ops + mine.length + records <= MAX_ENTRIES;
      if (batch.length > 0 && (!fits || mine.some((k) => keys.has(k)))) {
        i++;
        continue;
      }
      q.splice(i, 1);
      batch.push(p);
      for (const k of mine) keys.add(k);
      for (const c of added) compares.add(c);
      ops += mine.length;
    }
    return batch;
  }
}
