import type { IKeyValue } from 'etcd3';
import type { KeyValue } from '../interface.js';

/** Keys and values travel as UTF-8 bytes. */
export const bytes = (s: string): Buffer => Buffer.from(s, 'utf8');

/** etcd's int64 fields arrive as decimal strings; revisions stay far below 2^53. */
export const num = (s: string | undefined): number => (s === undefined || s === '' ? 0 : Number(s));

export function toKeyValue(kv: IKeyValue): KeyValue {
  return {
    key: kv.key.toString('utf8'),
    value: kv.value.toString('utf8'),
    createRevision: num(kv.create_revision),
    modRevision: num(kv.mod_revision),
    version: num(kv.version),
    lease: num(kv.lease),
  };
}

/** The etcd range end covering every key that starts with prefix ('' covers the whole keyspace). */
export function prefixEnd(prefix: string): Buffer {
  const end = bytes(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if ((end[i] ?? 0xff) < 0xff) {
      end[i] = (end[i] ?? 0) + 1;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.from([0]);
}
