import { invalidRequest } from '../errors.js';
import type { KeyValue, ListOptions, ListResult } from '../interface.js';
import type { EtcdRpc } from './client.js';
import { bytes, num, prefixEnd, toKeyValue } from './convert.js';

/** A non-negative integer option, or InvalidRequest. */
export function checkCount(key: string, name: string, n: number | undefined): number {
  const v = n ?? 0;
  if (!Number.isSafeInteger(v) || v < 0) throw invalidRequest(key, `${name} must be a non-negative integer`);
  return v;
}

export async function getKey(rpc: EtcdRpc, key: string, revision?: number): Promise<KeyValue | undefined> {
  const rev = checkCount(key, 'revision', revision);
  const res = await rpc.read(key, (c) => c.kv.range({ key: bytes(key), revision: rev }));
  const kv = res.kvs[0];
  return kv === undefined ? undefined : toKeyValue(kv);
}

/**
 * One page of keys under prefix. The page is read at opts.revision (or the current revision) and
 * reports that revision, so later pages read with it see exactly the same snapshot.
 */
export async function listPrefix(rpc: EtcdRpc, prefix: string, opts: ListOptions = {}): Promise<ListResult> {
  const revision = checkCount(prefix, 'revision', opts.revision);
  const limit = checkCount(prefix, 'limit', opts.limit);
  const after = opts.continueAfter;
  if (after !== undefined && !after.startsWith(prefix)) {
    throw invalidRequest(prefix, `continue key ${after} is outside the listed prefix`);
  }
  const start = after === undefined ? bytes(prefix) : bytes(`${after}\0`);
  const res = await rpc.read(prefix, (c) =>
    c.kv.range({ key: start, range_end: prefixEnd(prefix), limit, revision }),
  );
  return {
    items: res.kvs.map(toKeyValue),
    revision: revision > 0 ? revision : num(res.header.revision),
    more: res.more,
  };
}

export async function countPrefix(rpc: EtcdRpc, prefix: string): Promise<number> {
  const res = await rpc.read(prefix, (c) =>
    c.kv.range({ key: bytes(prefix), range_end: prefixEnd(prefix), count_only: true }),
  );
  return num(res.count);
}

/** The store's revision, from the header of a linearizable read of one (absent) key. */
export async function currentRevision(rpc: EtcdRpc): Promise<number> {
  const res = await rpc.read('', (c) =>
    c.kv.range({ key: Buffer.from([0]), keys_only: true, count_only: true }),
  );
  return num(res.header.revision);
}
