/** How etcd decides one compare of a transaction, for every layer that decides one itself. */
import type { Compare, KeyValue } from './interface.js';

/**
 * Whether `c` holds for its key read as `kv`: an absent key has revisions and version 0 and no
 * value (a value compare on it fails, as in etcd); values compare as bytes.
 */
export function compareHolds(c: Compare, kv: KeyValue | undefined): boolean {
  if (c.target === 'value') {
    if (kv === undefined) return false;
    return ordered(Buffer.compare(Buffer.from(kv.value), Buffer.from(String(c.value))), c.op);
  }
  const actual = kv === undefined ? 0 : kv[c.target];
  return ordered(Math.sign(actual - Number(c.value)), c.op);
}

function ordered(cmp: number, op: Compare['op']): boolean {
  switch (op) {
    case '=':
      return cmp === 0;
    case '!=':
      return cmp !== 0;
    case '<':
      return cmp < 0;
    case '>':
      return cmp > 0;
  }
}
