import type { IKeyValue } from 'etcd3';
import { conflict, keyExists, keyNotFound } from '../errors.js';
import type { DeleteOptions, DeleteResult, KeyValue } from '../interface.js';
import type { EtcdRpc } from './client.js';
import { bytes, num, toKeyValue } from './convert.js';
import { checkCount } from './reads.js';

/** Outcome of a compare-and-swap on modRevision: the new state, or the state that won the race. */
type Cas<T> = { readonly ok: true; readonly result: T } | { readonly ok: false; readonly current?: KeyValue };

const first = (kvs: readonly IKeyValue[] | undefined): KeyValue | undefined => {
  const kv = kvs?.[0];
  return kv === undefined ? undefined : toKeyValue(kv);
};

export async function createKey(rpc: EtcdRpc, key: string, value: string, lease?: number): Promise<KeyValue> {
  const leaseId = checkCount(key, 'lease', lease);
  const res = await rpc.write(key, (c) =>
    c.kv.txn({
      compare: [{ key: bytes(key), target: 'Create', result: 'Equal', create_revision: 0 }],
      success: [{ request_put: { key: bytes(key), value: bytes(value), lease: leaseId } }],
    }),
  );
  if (!res.succeeded) throw keyExists(key);
  const rev = num(res.header.revision);
  return { key, value, createRevision: rev, modRevision: rev, version: 1, lease: leaseId };
}

/** Delete key if it is still at modRevision; on a lost race, the fresh state. */
async function casDelete(rpc: EtcdRpc, key: string, modRevision: number): Promise<Cas<DeleteResult>> {
  const res = await rpc.write(key, (c) =>
    c.kv.txn({
      compare: [{ key: bytes(key), target: 'Mod', result: 'Equal', mod_revision: modRevision }],
      success: [{ request_delete_range: { key: bytes(key), prev_kv: true } }],
      failure: [{ request_range: { key: bytes(key) } }],
    }),
  );
  if (res.succeeded) {
    const prev = first(res.responses[0]?.response_delete_range.prev_kvs);
    if (prev === undefined) throw keyNotFound(key);
    return { ok: true, result: { prev, revision: num(res.header.revision) } };
  }
  const fresh = first(res.responses[0]?.response_range.kvs);
  return fresh === undefined ? { ok: false } : { ok: false, current: fresh };
}

const stale = (key: string, expected: number, found: number): Error =>
  conflict(key, `${key} is at revision ${found}, not the expected ${expected}`, found);

export async function deleteKey(rpc: EtcdRpc, key: string, opts: DeleteOptions = {}): Promise<DeleteResult> {
  const expected = opts.expectedRevision;
  if (expected === undefined) {
    const res = await rpc.write(key, (c) => c.kv.deleteRange({ key: bytes(key), prev_kv: true }));
    const prev = first(res.prev_kvs);
    if (prev === undefined) throw keyNotFound(key);
    return { prev, revision: num(res.header.revision) };
  }
  const cas = await casDelete(rpc, key, expected);
  if (cas.ok) return cas.result;
  if (cas.current === undefined) throw keyNotFound(key);
  throw stale(key, expected, cas.current.modRevision);
}
