/**
 * The raw etcd3 baseline on the benchmark's own etcd: txn-creates (create-if-absent: compare
 * version = 0, then put) of 1 KiB values at a fixed number in flight, and one range of `count`
 * such values with a JSON.parse of each (what a list has to do at the very least).
 */
import type { Etcd3 } from 'etcd3';
import { rawValue } from './agents.js';
import { closedLoop, nowMs, type LoadResult } from './load.js';

export async function rawTxnCreates(
  client: Etcd3,
  prefix: string,
  n: number,
  inFlight: number,
  capMs: number,
): Promise<LoadResult> {
  return closedLoop(0, n, inFlight, capMs, async (i) => {
    const key = `${prefix}${String(i).padStart(8, '0')}`;
    const res = await client
      .if(key, 'Version', '==', 0)
      .then(client.put(key).value(rawValue(i)))
      .commit();
    return res.succeeded ? true : `${key} exists`;
  });
}

/** Writes count values under prefix (500 per txn), untimed. */
export async function rawFill(client: Etcd3, prefix: string, count: number): Promise<void> {
  for (let i = 0; i < count; i += 500) {
    const puts = [];
    for (let j = i; j < Math.min(count, i + 500); j++)
      puts.push(client.put(`${prefix}${String(j).padStart(8, '0')}`).value(rawValue(j)));
    // A compare on a key that never exists always holds: one unconditional multi-put txn.
    await client
      .if(`${prefix}~`, 'Version', '==', 0)
      .then(...puts)
      .commit();
  }
}

/** Milliseconds for one range of every value under prefix plus JSON.parse of each. */
export async function rawRangeParse(client: Etcd3, prefix: string, expect: number): Promise<number> {
  const t0 = nowMs();
  const values = await client.getAll().prefix(prefix).strings();
  let parsed = 0;
  for (const v of Object.values(values)) if (JSON.parse(v) !== null) parsed++;
  const ms = nowMs() - t0;
  if (parsed !== expect) throw new Error(`raw range under ${prefix}: ${parsed} values, expected ${expect}`);
  return ms;
}

/** Empties etcd and compacts its history away, so every round and subject starts from the same. */
export async function wipeEtcd(client: Etcd3): Promise<void> {
  const res = await client.delete().all();
  try {
    await client.kv.compact({ revision: res.header.revision, physical: true });
  } catch (err) {
    // Nothing was written since the last wipe: that revision is compacted already.
    if (!(err instanceof Error && err.message.includes('compacted'))) throw err;
  }
}
