/**
 * Group commit of the writes charged to quota records. kube's ResourceQuota admission batches the
 * waiting requests of one namespace into one quota update; here the objects commit in that same
 * transaction. Writes whose first charge names the same record (an Organization) queue while a
 * transaction for it is in flight, then commit together: one storage txn holding every admitted
 * write, guarded by each write's own compares and by the records' modRevisions, with each
 * record's usage rewritten once.
 *
 * Exact: a write is checked against the usage the writes before it in the batch left, and a
 * refusal (403) is given only on a record state read from storage during the batch. When the txn
 * fails, its failure branch reads back every compared key, so without another round trip the
 * batch refreshes the records that changed and re-plans; a write whose own compares broke is
 * handed back as lost (its caller re-runs the pipeline on a fresh read). Writes without charges
 * commit alone, at once.
 */
import type { KeyValue, Storage } from '../storage/interface.js';
import { batchTxn, holds, plan, recordState, type CommitMember, type RecordState } from './commit-plan.js';

export type { CommitMember } from './commit-plan.js';

export type CommitOutcome =
  | { readonly committed: true; readonly revision: number; readonly first: KeyValue | undefined }
  | { readonly committed: false };

interface Pending {
  readonly member: CommitMember;
  resolve(o: CommitOutcome): void;
  reject(err: unknown): void;
}

/** etcd refuses a txn with more than 128 compares or ops (--max-txn-ops); stay under it. */
const MAX_ENTRIES = 100;
const MAX_MEMBERS = 48;
/** txn rounds of one batch before its writes go back to their callers' retry loop */
const MAX_ROUNDS = 8;
const MAX_RECORDS_CACHED = 10_000;

export class GroupCommitter {
  private readonly queues = new Map<string, Pending[]>();
  /** last known state of each record; every txn compares it, so a stale one costs a round */
  private readonly records = new Map<string, RecordState>();

  constructor(private readonly storage: Storage) {}

  async commit(member: CommitMember): Promise<CommitOutcome> {
    const first = member.charges[0];
    if (!first) {
      const r = await this.storage.txn({ compares: member.compares, success: member.ops });
      return r.succeeded
        ? { committed: true, revision: r.revision, first: r.results[0] }
        : { committed: false };
    }
    return new Promise((resolve, reject) => {
      let q = this.queues.get(first.record);
      if (!q) {
        const queue: Pending[] = [];
        this.queues.set(first.record, queue);
        queueMicrotask(() => void this.drain(first.record, queue));
        q = queue;
      }
      q.push({ member, resolve, reject });
    });
  }

  private async drain(key: string, q: Pending[]): Promise<void> {
    while (q.length > 0) await this.run(take(q));
    this.queues.delete(key);
  }

  private async run(batch: Pending[]): Promise<void> {
    let rest = batch;
    try {
      const keys = [...new Set(batch.flatMap((p) => p.member.charges.map((c) => c.record)))];
      const confirmed = new Set<string>();
      await this.load(
        keys.filter((k) => !this.records.has(k)),
        confirmed,
      );
      for (let round = 0; round < MAX_ROUNDS && rest.length > 0; round++) {
        const p = await plan(rest, this.records, confirmed);
        if (p.unconfirmed.size > 0) {
          await this.load([...p.unconfirmed], confirmed);
          continue;
        }
        for (const { item, error } of p.refused) item.reject(error);
        rest = p.admitted;
        if (rest.length === 0) return;
        const txn = batchTxn(
          rest.map((i) => i.member),
          keys,
          this.records,
          p.usage,
        );
        const r = await this.storage.txn(txn);
        if (r.succeeded) {
          this.settle(rest, r.revision, r.results, p.usage.keys());
          return;
        }
        const read = new Map(txn.failure?.map((op, i) => [op.key, r.results[i]]));
        for (const k of keys) this.remember(k, recordState(read.get(k)), confirmed);
        const lost = rest.filter((i) => !i.member.compares.every((c) => holds(c, read.get(c.key))));
        for (const i of lost) i.resolve({ committed: false });
        rest = rest.filter((i) => !lost.includes(i));
      }
      for (const i of rest) i.resolve({ committed: false });
    } catch (err) {
      for (const k of new Set(batch.flatMap((p) => p.member.charges.map((c) => c.record))))
        this.records.delete(k);
      for (const i of rest) i.reject(err);
    }
  }

  private settle(
    admitted: readonly Pending[],
    revision: number,
    results: readonly (KeyValue | undefined)[],
    written: Iterable<string>,
  ): void {
    let at = 0;
    for (const i of admitted) {
      i.resolve({ committed: true, revision, first: results[at] });
      at += i.member.ops.length;
    }
    for (const key of written) this.remember(key, recordState(results[at++]));
  }

  private async load(keys: readonly string[], confirmed: Set<string>): Promise<void> {
    const kvs = await Promise.all(keys.map((k) => this.storage.get(k)));
    keys.forEach((k, i) => {
      this.remember(k, recordState(kvs[i]), confirmed);
    });
  }

  private remember(key: string, state: RecordState, confirmed?: Set<string>): void {
    this.records.delete(key);
    this.records.set(key, state);
    confirmed?.add(key);
    if (this.records.size > MAX_RECORDS_CACHED) {
      const oldest = this.records.keys().next().value;
      if (oldest !== undefined) this.records.delete(oldest);
    }
  }
}

/**
 * The next batch from the queue, in arrival order, within the txn limits; a write touching a key
 * an earlier one in the batch writes waits for the next batch (a txn writes each key once).
 */
function take(q: Pending[]): Pending[] {
  const batch: Pending[] = [];
  const keys = new Set<string>();
  let compares = 0;
  let ops = 0;
  for (let i = 0; i < q.length && batch.length < MAX_MEMBERS;) {
    const p = q[i];
    if (!p) break;
    const mine = p.member.ops.map((o) => o.key);
    const size = p.member.compares.length + p.member.charges.length;
    const fits = compares + size <= MAX_ENTRIES && ops + mine.length + p.member.charges.length <= MAX_ENTRIES;
    if (batch.length > 0 && (!fits || mine.some((k) => keys.has(k)))) {
      i++;
      continue;
    }
    q.splice(i, 1);
    batch.push(p);
    for (const k of mine) keys.add(k);
    compares += size;
    ops += mine.length + p.member.charges.length;
  }
  return batch;
}
