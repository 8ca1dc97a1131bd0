import type { IKeyValue } from 'etcd3';
import { conflict, keyExists, keyNotFound } from '../errors.js';
import type {
  DeleteOptions,
  DeleteResult,
  GuaranteedUpdateOptions,
  KeyValue,
  UpdateResult,
} from '../interface.js';
import type { EtcdRpc } from './client.js';
import { bytes, num, toKeyValue } from './convert.js';
import { checkCount, getKey } from './reads.js';

type TryUpdate = (current: KeyValue | undefined) => UpdateResult | Promise<UpdateResult>;

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

/** Put value if key is still at current's modRevision (absent: 0); on a lost race, the fresh state. */
async function casPut(
  rpc: EtcdRpc,
  key: string,
  current: KeyValue | undefined,
  next: { readonly value: string; readonly lease: number },
): Promise<Cas<KeyValue>> {
  const res = await rpc.write(key, (c) =>
    c.kv.txn({
      compare: [{ key: bytes(key), target: 'Mod', result: 'Equal', mod_revision: current?.modRevision ?? 0 }],
      success: [{ request_put: { key: bytes(key), value: bytes(next.value), lease: next.lease } }],
      failure: [{ request_range: { key: bytes(key) } }],
    }),
  );
  if (!res.succeeded) {
    const fresh = first(res.responses[0]?.response_range.kvs);
    return fresh === undefined ? { ok: false } : { ok: false, current: fresh };
  }
  const rev = num(res.header.revision);
  const result: KeyValue = {
    key,
    value: next.value,
    createRevision: current?.createRevision ?? rev,
    modRevision: rev,
    version: (current?.version ?? 0) + 1,
    lease: next.lease,
  };
  return { ok: true, result };
}

export async function guaranteedUpdate(
  rpc: EtcdRpc,
  key: string,
  tryUpdate: TryUpdate,
  opts: GuaranteedUpdateOptions = {},
): Promise<KeyValue> {
  let fresh = opts.suggestion === undefined;
  let current = opts.suggestion ?? (await getKey(rpc, key));
  for (;;) {
    if (current === undefined && opts.ignoreNotFound !== true) throw keyNotFound(key);
    const update = await tryUpdate(current);
    const next = { value: update.value, lease: checkCount(key, 'lease', update.lease) };
    if (current !== undefined && next.value === current.value && next.lease === current.lease) {
      // Nothing to write, but only a fresh read proves the suggestion was the current state.
      if (fresh) return current;
      current = await getKey(rpc, key);
      fresh = true;
      continue;
    }
    const cas = await casPut(rpc, key, current, next);
    if (cas.ok) return cas.result;
    current = cas.current;
    fresh = true;
  }
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

/** Delete without a validate callback: one round trip. */
async function deleteDirect(rpc: EtcdRpc, key: string, expected: number | undefined): Promise<DeleteResult> {
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

export async function deleteKey(rpc: EtcdRpc, key: string, opts: DeleteOptions = {}): Promise<DeleteResult> {
  const { expectedRevision: expected, validate } = opts;
  if (validate === undefined) return deleteDirect(rpc, key, expected);
  let current = await getKey(rpc, key);
  for (;;) {
    if (current === undefined) throw keyNotFound(key);
    if (expected !== undefined && current.modRevision !== expected) {
      throw stale(key, expected, current.modRevision);
    }
    await validate(current);
    const cas = await casDelete(rpc, key, current.modRevision);
    if (cas.ok) return cas.result;
    current = cas.current;
  }
}
