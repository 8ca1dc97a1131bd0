/**
 * Compaction, etcd style: after compact(R) every revision ≥ R stays readable. For each key the
 * newest history entry ≤ R is kept (unless it is a deletion); older entries and the revision log
 * up to R are dropped. Work is split into steps of at most `step` revisions, each its own write
 * transaction that advances the compacted revision, so reads stay consistent between steps.
 */
import { invalidRequest } from '../errors.js';
import { readCompacted } from './db.js';
import type { Dbs } from './db.js';
import { curKey, histKey } from './keys.js';
import type { Mutation } from './mutation.js';
import type { WriteOp } from './ops.js';

export const COMPACT_STEP = 1000;

/** One compaction step towards target; returns the compacted revision after it. */
export function compactStepOp(target: number, step = COMPACT_STEP): WriteOp<number> {
  return {
    apply(m: Mutation) {
      const current = m.rev - 1;
      if (target > current) {
        throw invalidRequest('', `cannot compact to revision ${target}: current revision is ${current}`);
      }
      const old = readCompacted(m.dbs);
      if (target <= old) return old;
      const upTo = Math.min(target, old + step);
      const keys = new Set<string>();
      const revs: number[] = [];
      for (const { key: rev, value } of m.dbs.log.getRange({
        start: old + 1,
        end: upTo,
        inclusiveEnd: true,
      })) {
        revs.push(rev);
        for (const entry of value) keys.add(entry.k);
      }
      for (const key of keys) compactKey(m.dbs, key, upTo);
      for (const rev of revs) m.dbs.log.removeSync(rev);
      m.dbs.meta.putSync('compacted', upTo);
      return upTo;
    },
  };
}

/** Drops key's history entries ≤ upTo except the newest one, which goes too if it is a deletion. */
function compactKey(dbs: Dbs, key: string, upTo: number): void {
  const range = {
    start: Buffer.concat([curKey(key), Buffer.from([0])]),
    end: histKey(key, upTo),
    inclusiveEnd: true,
  };
  const found: { raw: Buffer; deleted: boolean }[] = [];
  for (const { key: raw, value } of dbs.hist.getRange(range)) {
    found.push({ raw: Buffer.from(raw), deleted: value.d !== undefined });
  }
  const newest = found.pop();
  for (const { raw } of found) dbs.hist.removeSync(raw);
  if (newest?.deleted === true) dbs.hist.removeSync(newest.raw);
}
