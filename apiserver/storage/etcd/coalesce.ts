/**
 * Group commit of etcd transactions that have no failure branch (a status write, an update, an
 * Event's create): DEPTH of them go out at once, each alone; those that arrive meanwhile wait and
 * then go out together as one Txn (one gRPC call and one raft entry instead of one each), their
 * compares joined and their ops in order, so they commit at one revision, as writes batched by
 * quota do. The transactions of one Txn touch disjoint keys (etcd refuses a key written twice in
 * a Txn, and no transaction's compare may see another's write), and a Txn stays within etcd's
 * limits (MAX_OPS, MAX_BYTES). When a joint Txn fails, its failure branch has read every compared
 * key at that revision: a transaction whose own compares failed is answered as failed, the others
 * go again. A joint Txn refused as malformed (InvalidRequest: nothing was written) is sent again as
 * its transactions one by one, so only the malformed one fails; any other error fails every
 * transaction in it (its outcome is unknown, as a single transaction's would be).
 */
import { compareHolds } from '../compare.js';
import { isStorageError } from '../errors.js';
import type { KeyValue, TxnRequest, TxnResult } from '../interface.js';

/** joint Txns in flight at once */
export const DEPTH = 4;
/** ops per joint Txn (etcd allows 128 by default) */
const MAX_OPS = 100;
/** bytes of the keys and values compared or written per joint Txn (etcd takes up to 1.5 MiB) */
const MAX_BYTES = 1 << 20;

interface Waiting {
  readonly req: TxnRequest;
  /** every key the transaction compares or writes */
  readonly keys: readonly string[];
  readonly bytes: number;
  readonly resolve: (r: TxnResult) => void;
  readonly reject: (err: unknown) => void;
}

function waiting(req: TxnRequest, resolve: Waiting['resolve'], reject: Waiting['reject']): Waiting {
  const keys = [...new Set([...req.compares.map((c) => c.key), ...req.success.map((op) => op.key)])];
  const size = (text: string): number => Buffer.byteLength(text);
  let bytes = 0;
  for (const op of req.success) bytes += size(op.key) + (op.type === 'put' ? size(op.value) : 0);
  for (const c of req.compares) bytes += size(c.key) + (c.target === 'value' ? size(String(c.value)) : 0);
  return { req, keys, bytes, resolve, reject };
}

export class TxnCoalescer {
  private queue: Waiting[] = [];
  private inFlight = 0;

  /** `run` sends one Txn to etcd */
  constructor(private readonly run: (req: TxnRequest) => Promise<TxnResult>) {}

  txn(req: TxnRequest): Promise<TxnResult> {
    if ((req.failure?.length ?? 0) > 0) return this.run(req);
    return new Promise((resolve, reject) => {
      this.queue.push(waiting(req, resolve, reject));
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < DEPTH && this.queue.length > 0) {
      const batch = this.take();
      this.inFlight++;
      void this.send(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  /** The first waiting transaction and, in order, every later one that fits beside it. */
  private take(): Waiting[] {
    const batch: Waiting[] = [];
    const rest: Waiting[] = [];
    const keys = new Set<string>();
    let ops = 0;
    let bytes = 0;
    for (const w of this.queue) {
      const fits =
        batch.length === 0 ||
        (ops + w.req.success.length <= MAX_OPS &&
          bytes + w.bytes <= MAX_BYTES &&
          w.keys.every((k) => !keys.has(k)));
      if (!fits) {
        rest.push(w);
        continue;
      }
      batch.push(w);
      for (const k of w.keys) keys.add(k);
      ops += w.req.success.length;
      bytes += w.bytes;
    }
    this.queue = rest;
    return batch;
  }

  private async send(batch: readonly Waiting[]): Promise<void> {
    const [only] = batch;
    if (batch.length === 1 && only) {
      await this.run(only.req).then(only.resolve, only.reject);
      return;
    }
    const compared = [...new Set(batch.flatMap((w) => w.req.compares.map((c) => c.key)))];
    let r: TxnResult;
    try {
      r = await this.run({
        compares: batch.flatMap((w) => w.req.compares),
        success: batch.flatMap((w) => w.req.success),
        failure: compared.map((key) => ({ type: 'get', key })),
      });
    } catch (err) {
      if (isStorageError(err, 'InvalidRequest')) await this.eachAlone(batch);
      else for (const w of batch) w.reject(err);
      return;
    }
    if (r.succeeded) {
      let at = 0;
      for (const w of batch) {
        const n = w.req.success.length;
        w.resolve({ succeeded: true, revision: r.revision, results: r.results.slice(at, at + n) });
        at += n;
      }
      return;
    }
    const read = new Map<string, KeyValue | undefined>(compared.map((key, i) => [key, r.results[i]]));
    const own = (w: Waiting): boolean => w.req.compares.every((c) => compareHolds(c, read.get(c.key)));
    const again = batch.filter(own);
    for (const w of batch)
      if (!again.includes(w)) w.resolve({ succeeded: false, revision: r.revision, results: [] });
    // when no transaction's own compares explain the failure, each goes alone
    if (again.length === batch.length) await this.eachAlone(again);
    else this.queue.unshift(...again);
  }

  private async eachAlone(batch: readonly Waiting[]): Promise<void> {
    await Promise.all(batch.map((w) => this.run(w.req).then(w.resolve, w.reject)));
  }
}
