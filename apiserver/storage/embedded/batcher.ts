/**
 * Group commit. Concurrent write operations queue here; each round takes everything queued
 * (up to maxBatch) into one LMDB write transaction, giving every operation that writes its own
 * revision, and resolves the callers only after the commit is durable (LMDB commits with
 * fsync). While one transaction commits the next round queues up, so throughput grows with the
 * number of writes in flight.
 */
import { isStorageError, unavailable } from '../errors.js';
import type { WatchEvent } from '../interface.js';
import { readRevision } from './db.js';
import type { Dbs } from './db.js';
import { Mutation } from './mutation.js';
import type { WriteOp } from './ops.js';

interface Pending {
  readonly op: WriteOp<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: unknown) => void;
}

type OpResult =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

interface BatchOutcome {
  readonly results: OpResult[];
  readonly events: WatchEvent[];
  readonly revision: number;
}

/** Called after each durable commit with its events in revision order. */
export type CommitListener = (events: readonly WatchEvent[], revision: number) => void;

export class Batcher {
  private queue: Pending[] = [];
  private draining: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly dbs: Dbs,
    private readonly hooks: {
      readonly onCommit: CommitListener;
      /** failures of after-commit hooks; the writes themselves still succeed */
      readonly onError?: (err: unknown) => void;
      readonly maxBatch?: number;
    },
  ) {}

  submit<T>(op: WriteOp<T>): Promise<T> {
    if (this.closed) return Promise.reject(unavailable('embedded storage is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ op, resolve: resolve as (value: unknown) => void, reject });
      this.draining ??= this.drain();
    });
  }

  /** Refuse new writes and wait for the queued ones to finish. */
  async close(): Promise<void> {
    this.closed = true;
    await this.draining;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        // let the writers woken by the previous commit queue up behind each other
        await new Promise<void>((resolve) => setImmediate(resolve));
        const batch = this.queue.splice(0, this.hooks.maxBatch ?? 1000);
        try {
          await this.run(batch);
        } catch (err) {
          // settling twice is a no-op: this only reaches the callers run() left waiting
          for (const p of batch) p.reject(unavailable(`embedded storage write failed: ${describe(err)}`));
        }
      }
    } finally {
      this.draining = undefined;
    }
  }

  private async run(batch: Pending[]): Promise<void> {
    let outcome: BatchOutcome;
    try {
      outcome = await this.dbs.env.childTransaction(() => this.applyAll(batch));
    } catch (err) {
      // the whole transaction was rolled back: retry one by one so only the culprit fails
      if (batch.length > 1) {
        for (const p of batch) await this.run([p]);
      } else {
        batch[0]?.reject(
          isStorageError(err) ? err : unavailable(`embedded storage write failed: ${describe(err)}`),
        );
      }
      return;
    }
    this.dbs.env.resetReadTxn();
    this.settle(batch, outcome);
  }

  private settle(batch: Pending[], outcome: BatchOutcome): void {
    batch.forEach((p, i) => {
      const r = outcome.results[i];
      if (r?.ok === true) this.safely(() => p.op.committed?.(r.value));
    });
    if (outcome.events.length > 0) {
      this.safely(() => {
        this.hooks.onCommit(outcome.events, outcome.revision);
      });
    }
    batch.forEach((p, i) => {
      const r = outcome.results[i];
      if (r === undefined) p.reject(unavailable('embedded storage lost a write result'));
      else if (r.ok) p.resolve(r.value);
      else p.reject(r.error);
    });
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.hooks.onError?.(err);
    }
  }

  /** Runs inside the LMDB write transaction; throwing rolls the whole batch back. */
  private applyAll(batch: Pending[]): BatchOutcome {
    const base = readRevision(this.dbs);
    let rev = base;
    const results: OpResult[] = [];
    const events: WatchEvent[] = [];
    for (const p of batch) {
      const m = new Mutation(this.dbs, rev + 1);
      try {
        const value = p.op.apply(m);
        m.finish();
        results.push({ ok: true, value });
      } catch (error) {
        if (m.changed || !isStorageError(error)) throw error;
        results.push({ ok: false, error });
      }
      if (m.changed) {
        rev++;
        for (const ev of m.events) events.push(ev);
      }
    }
    if (rev !== base) this.dbs.meta.putSync('rev', rev);
    return { results, events, revision: rev };
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
