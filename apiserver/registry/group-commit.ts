/**
 * Group commit of the writes charged to quota records. kube's ResourceQuota admission batches the
 * waiting requests of one namespace into one quota update; here the objects commit in that same
 * transaction. Writes whose first charge names the same record (an Organization) queue in its
 * lane and commit in batches: one storage txn holds every admitted write of a batch, guarded by
 * each write's own compares and by the records' state, and rewrites each record's usage once.
 *
 * Pipelined: up to DEPTH batches of a lane are in flight. A batch is planned on the state the
 * batches before it will leave and guards on those exact bytes (compare-and-swap on the value),
 * so it commits only if they did and nothing else wrote the record in between.
 *
 * Exact: a write is checked against the usage the writes before it left, and a refusal (403) is
 * given only on a record just read from storage with nothing in flight. When a txn fails, its
 * failure branch reads back every compared key: a write whose own compares broke is handed back
 * as lost (its caller re-runs the pipeline on a fresh read); the others queue again and the lane,
 * once every batch in flight has landed, resets the records from what was read. Writes without
 * charges commit alone, at once.
 */
import { compareHolds } from '../storage/compare.js';
import type { Storage, TxnRequest, TxnResult } from '../storage/interface.js';
import {
  batchTxn,
  plan,
  recordState,
  recordWrites,
  type CommitMember,
  type CommitOutcome,
  type RecordState,
} from './commit-plan.js';
import { Lane, type Pending } from './commit-lane.js';

export type { CommitMember, CommitOutcome } from './commit-plan.js';

/** batches of one lane in flight at once */
const DEPTH = 4;
/** failed batches a write goes through before it is handed back to its caller's retry loop */
const MAX_ROUNDS = 8;
const MAX_RECORDS_CACHED = 10_000;
const NONE: ReadonlySet<string> = new Set();

interface Ready {
  readonly admitted: Pending[];
  readonly txn: TxnRequest;
  /** every record the batch compares */
  readonly records: readonly string[];
  /** record key → the bytes this batch writes */
  readonly writes: ReadonlyMap<string, { readonly value: string }>;
}

export class GroupCommitter {
  private readonly lanes = new Map<string, Lane>();
  /** each record as last known or as the batches in flight will leave it */
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
      let lane = this.lanes.get(first.record);
      if (!lane) {
        const created = new Lane();
        this.lanes.set(first.record, created);
        queueMicrotask(() => void this.drain(first.record, created));
        lane = created;
      }
      lane.queue.push({ member, rounds: 0, resolve, reject });
      lane.poke();
    });
  }

  private async drain(key: string, lane: Lane): Promise<void> {
    while (lane.queue.length > 0 || lane.inFlight > 0) {
      if (lane.queue.length === 0 || lane.inFlight >= DEPTH || lane.stalled) {
        await lane.next();
        continue;
      }
      const batch = lane.take();
      try {
        const ready = await this.prepare(lane, batch);
        if (ready) this.send(lane, ready);
      } catch (err) {
        for (const p of batch) p.reject(err);
      }
    }
    this.lanes.delete(key);
  }

  /** Plan a batch on the records' latest state; undefined when nothing is left to send. */
  private async prepare(lane: Lane, batch: Pending[]): Promise<Ready | undefined> {
    const keys = [...new Set(batch.flatMap((p) => p.member.charges.map((c) => c.record)))];
    await this.load(keys.filter((k) => !this.records.has(k)));
    let p = await plan(batch, this.records, NONE);
    if (p.unconfirmed.size > 0) {
      // a refusal needs the record as stored, with nothing of ours in flight
      await lane.idle();
      const fresh = new Set<string>();
      await this.load([...p.unconfirmed], fresh);
      p = await plan(batch, this.records, fresh);
      if (p.unconfirmed.size > 0) {
        lane.queue.unshift(...batch);
        return undefined;
      }
    }
    for (const { item, error } of p.refused) item.reject(error);
    if (p.admitted.length === 0) return undefined;
    const writes = recordWrites(this.records, p.usage);
    const txn = batchTxn(
      p.admitted.map((i) => i.member),
      keys,
      this.records,
      writes,
    );
    for (const [k, w] of writes) {
      const kv = this.records.get(k)?.kv;
      this.remember(k, { kv, obj: w.obj, predicted: w.value });
    }
    return { admitted: p.admitted, txn, records: keys, writes };
  }

  private send(lane: Lane, ready: Ready): void {
    lane.inFlight++;
    this.storage
      .txn(ready.txn)
      .then(
        (r) => {
          if (r.succeeded) this.landed(ready, r);
          else this.failed(lane, ready, r);
        },
        (err: unknown) => {
          for (const k of ready.writes.keys()) lane.readBack.set(k, null);
          lane.stalled = true;
          for (const i of ready.admitted) i.reject(err);
        },
      )
      .finally(() => {
        lane.inFlight--;
        if (lane.inFlight === 0 && lane.stalled) this.reset(lane);
        lane.poke();
      });
  }

  private landed(ready: Ready, r: TxnResult): void {
    let at = 0;
    for (const i of ready.admitted) {
      i.resolve({ committed: true, revision: r.revision, first: r.results[at] });
      at += i.member.ops.length;
    }
    for (const [key, { value }] of ready.writes) {
      const kv = r.results[at++];
      // the truth replaces the prediction unless a later batch predicted past it
      if (kv && this.records.get(key)?.predicted === value) this.remember(key, recordState(kv));
    }
  }

  private failed(lane: Lane, ready: Ready, r: TxnResult): void {
    lane.stalled = true;
    const read = new Map(ready.txn.failure?.map((op, i) => [op.key, r.results[i]]));
    for (const k of ready.records) lane.readBack.set(k, read.get(k));
    const again: Pending[] = [];
    for (const i of ready.admitted) {
      const own = i.member.compares.every((c) => compareHolds(c, read.get(c.key)));
      if (!own || ++i.rounds >= MAX_ROUNDS) i.resolve({ committed: false });
      else again.push(i);
    }
    lane.queue.unshift(...again);
  }

  /** Every batch in flight has landed after a failure: records as last read back. */
  private reset(lane: Lane): void {
    for (const [k, kv] of lane.readBack) {
      if (kv === null) this.records.delete(k);
      else this.remember(k, recordState(kv));
    }
    lane.readBack.clear();
    lane.stalled = false;
  }

  private async load(keys: readonly string[], fresh?: Set<string>): Promise<void> {
    const kvs = await Promise.all(keys.map((k) => this.storage.get(k)));
    keys.forEach((k, i) => {
      this.remember(k, recordState(kvs[i]));
      fresh?.add(k);
    });
  }

  private remember(key: string, state: RecordState): void {
    this.records.delete(key);
    this.records.set(key, state);
    if (this.records.size > MAX_RECORDS_CACHED) {
      const oldest = this.records.keys().next().value;
      if (oldest !== undefined) this.records.delete(oldest);
    }
  }
}
