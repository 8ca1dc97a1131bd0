// A storage write for tests that only need a key to hold a value.
import type { KeyValue, LeaseId, Storage } from '../../apiserver/storage/interface.js';

/** Write `value` at `key` whatever is there, in one txn (as the registry writes); the KeyValue written. */
export async function put(s: Storage, key: string, value: string, lease?: LeaseId): Promise<KeyValue> {
  const r = await s.txn({
    compares: [],
    success: [{ type: 'put', key, value, ...(lease !== undefined ? { lease } : {}) }],
  });
  const written = r.results[0];
  if (written === undefined) throw new Error(`put ${key}: the txn returned no KeyValue`);
  return written;
}
