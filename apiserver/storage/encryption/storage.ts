/**
 * A Storage decorator that encrypts the values of keys under one prefix (Secrets) on every write
 * and decrypts them on every read: get, list, watch events (and their prev), delete results and
 * each txn result. Other keys pass through after a prefix check. A value that cannot be decrypted
 * is never served: the read fails with an EncryptionError naming the Secret and the key (the API
 * answers it as a 500 InternalError). A txn may not compare an encrypted value (the stored bytes
 * differ on every write): such a txn is refused before it reaches storage.
 */
import type { KeyValue, Storage, TxnOp, TxnRequest, TxnResult, WatchEvent, Watcher } from '../interface.js';
import { EncryptionError, type Transformer } from './transformer.js';

export function encryptedStorage(inner: Storage, prefix: string, transformer: Transformer): Storage {
  const covered = (key: string): boolean => key.startsWith(prefix);
  /** a range under `p` may hold covered keys */
  const overlaps = (p: string): boolean => p.startsWith(prefix) || prefix.startsWith(p);
  const read = (kv: KeyValue): KeyValue => {
    // '' only in a delete event whose previous value etcd no longer has
    if (!covered(kv.key) || kv.value === '') return kv;
    let out;
    try {
      out = transformer.decrypt(kv.key, kv.value);
    } catch (err) {
      if (!(err instanceof EncryptionError)) throw err;
      throw new EncryptionError(`secret ${kv.key.slice(prefix.length)} ${err.message}`);
    }
    return out.stale ? { ...kv, value: out.value, stale: true } : { ...kv, value: out.value };
  };
  const readMaybe = (kv: KeyValue | undefined): KeyValue | undefined => (kv ? read(kv) : undefined);
  const write = (key: string, value: string): string =>
    covered(key) ? transformer.encrypt(key, value) : value;
  const sealOp = (op: TxnOp): TxnOp =>
    op.type === 'put' && covered(op.key) ? { ...op, value: write(op.key, op.value) } : op;
  /** a put's result carries what the caller wrote, not the ciphertext */
  const result = (op: TxnOp | undefined, kv: KeyValue | undefined): KeyValue | undefined => {
    if (!kv || !covered(kv.key)) return kv;
    return op?.type === 'put' ? { ...kv, value: op.value } : read(kv);
  };

  const listRevisions = inner.listRevisions?.bind(inner);
  return {
    name: inner.name,
    get: async (key, opts) => readMaybe(await inner.get(key, opts)),
    list: async (p, opts) => {
      const r = await inner.list(p, opts);
      return overlaps(p) && r.items.some((kv) => covered(kv.key)) ? { ...r, items: r.items.map(read) } : r;
    },
    count: (p) => inner.count(p),
    create: async (key, value, opts) => {
      const kv = await inner.create(key, write(key, value), opts);
      return covered(key) ? { ...kv, value } : kv;
    },
    delete: async (key, opts) => {
      const r = await inner.delete(key, opts);
      return { ...r, prev: read(r.prev) };
    },
    watch: (p, opts) => (overlaps(p) ? decryptedWatch(inner.watch(p, opts), read) : inner.watch(p, opts)),
    txn: async (req) => txnThrough(inner, req, { covered, sealOp, result }),
    currentRevision: () => inner.currentRevision(),
    compact: (rev) => inner.compact(rev),
    compactedRevision: () => inner.compactedRevision(),
    grantLease: (ttl) => inner.grantLease(ttl),
    revokeLease: (id) => inner.revokeLease(id),
    close: () => inner.close(),
    ...(inner.valueAt ? { valueAt: (key: string, rev: number) => valueAt(inner, key, rev, read) } : {}),
    // keys and revisions are stored in the clear: nothing to decrypt
    ...(listRevisions ? { listRevisions } : {}),
  };
}

/** inner.valueAt, decrypted like every other read */
function valueAt(
  inner: Storage,
  key: string,
  rev: number,
  read: (kv: KeyValue) => KeyValue,
): string | undefined {
  const value = inner.valueAt?.(key, rev);
  if (value === undefined) return undefined;
  return read({ key, value, createRevision: 0, modRevision: rev, version: 0, lease: 0 }).value;
}

interface TxnHooks {
  readonly covered: (key: string) => boolean;
  readonly sealOp: (op: TxnOp) => TxnOp;
  readonly result: (op: TxnOp | undefined, kv: KeyValue | undefined) => KeyValue | undefined;
}

async function txnThrough(inner: Storage, req: TxnRequest, h: TxnHooks): Promise<TxnResult> {
  const bad = req.compares.find((c) => c.target === 'value' && h.covered(c.key));
  if (bad) throw new Error(`internal error: a transaction compares the encrypted value of ${bad.key}`);
  const sealed: TxnRequest = {
    compares: req.compares,
    success: req.success.map(h.sealOp),
    ...(req.failure ? { failure: req.failure.map(h.sealOp) } : {}),
  };
  const r = await inner.txn(sealed);
  const ops = r.succeeded ? req.success : (req.failure ?? []);
  return { ...r, results: r.results.map((kv, i) => h.result(ops[i], kv)) };
}

/** Events pass through one `then` each; only those of covered keys are copied and decrypted. */
function decryptedWatch(inner: Watcher, read: (kv: KeyValue) => KeyValue): Watcher {
  const event = (ev: WatchEvent): WatchEvent => {
    const kv = read(ev.kv);
    const prev = ev.prev ? read(ev.prev) : undefined;
    return kv === ev.kv && prev === ev.prev ? ev : { ...ev, kv, ...(prev ? { prev } : {}) };
  };
  return {
    stop: () => {
      inner.stop();
    },
    [Symbol.asyncIterator]: () => {
      const it = inner[Symbol.asyncIterator]();
      const fail = (err: unknown): never => {
        inner.stop();
        throw err;
      };
      return {
        next: () =>
          it.next().then((r) => {
            if (r.done === true) return r;
            try {
              return { done: false, value: event(r.value) };
            } catch (err) {
              return fail(err);
            }
          }),
        return: async (value?: unknown) => {
          inner.stop();
          return (await it.return?.(value)) ?? { done: true, value: undefined };
        },
      };
    },
  };
}
