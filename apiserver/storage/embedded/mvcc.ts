/**
 * MVCC reads over the embedded store. Every function reads synchronously from one LMDB read
 * snapshot, so the revision it reports and the data it returns always agree.
 */
import { expired, invalidRequest } from '../errors.js';
import type { KeyValue, ListOptions, ListResult } from '../interface.js';
import { curToKv, histToKv, readCompacted, readRevision } from './db.js';
import type { Dbs } from './db.js';
import { curKey, curRange, decodeHistKey, histKey, histRange } from './keys.js';

/**
 * The revision to read at: the current one for 0/undefined. A revision above the current one is
 * InvalidRequest; one below the compacted revision is Expired.
 */
export function resolveRevision(dbs: Dbs, key: string, revision: number | undefined): number {
  const current = readRevision(dbs);
  if (revision === undefined || revision === 0) return current;
  if (!Number.isSafeInteger(revision) || revision < 0) {
    throw invalidRequest(key, `invalid revision ${revision}`);
  }
  if (revision > current) {
    throw invalidRequest(key, `revision ${revision} is in the future (current ${current})`);
  }
  const compacted = readCompacted(dbs);
  if (revision < compacted) {
    throw expired(key, `revision ${revision} has been compacted (oldest ${compacted})`, compacted);
  }
  return revision;
}

/** key as of rev (rev must be resolved; rev equal to the current revision reads the index). */
export function getAt(dbs: Dbs, key: string, rev: number): KeyValue | undefined {
  if (rev === readRevision(dbs)) {
    const r = dbs.cur.get(curKey(key));
    return r === undefined ? undefined : curToKv(key, r);
  }
  return histEntryKv(dbs, key, rev);
}

/** The value key was written with at exactly revision rev; undefined if absent or compacted. */
export function valueWrittenAt(dbs: Dbs, key: string, rev: number): string | undefined {
  const r = dbs.hist.get(histKey(key, rev));
  return r === undefined || r.d !== undefined ? undefined : r.v;
}

/** The hist record of key that was live at rev (the newest entry ≤ rev), as a KeyValue. */
function histEntryKv(dbs: Dbs, key: string, rev: number): KeyValue | undefined {
  const bounds = { start: histKey(key, rev), end: Buffer.concat([curKey(key), Buffer.from([0])]) };
  for (const { key: raw, value } of dbs.hist.getRange({ ...bounds, reverse: true, limit: 1 })) {
    return histToKv(key, decodeHistKey(raw).rev, value);
  }
  return undefined;
}

export function list(dbs: Dbs, prefix: string, opts: ListOptions = {}): ListResult {
  const after = opts.continueAfter;
  if (after !== undefined && !after.startsWith(prefix)) {
    throw invalidRequest(after, `continue key ${after} is not under prefix ${prefix}`);
  }
  const limit = opts.limit ?? 0;
  if (!Number.isSafeInteger(limit) || limit < 0) throw invalidRequest(prefix, `invalid limit ${limit}`);
  const rev = resolveRevision(dbs, prefix, opts.revision);
  const page =
    rev === readRevision(dbs)
      ? listCurrent(dbs, prefix, after, limit)
      : listAt(dbs, prefix, rev, after, limit);
  return { ...page, revision: rev };
}

interface Page {
  items: KeyValue[];
  more: boolean;
}

function listCurrent(dbs: Dbs, prefix: string, after: string | undefined, limit: number): Page {
  const items: KeyValue[] = [];
  const range = { ...curRange(prefix, after), ...(limit > 0 ? { limit: limit + 1 } : {}) };
  for (const { key, value } of dbs.cur.getRange(range)) {
    items.push(curToKv(key.toString('utf8'), value));
  }
  const more = limit > 0 && items.length > limit;
  if (more) items.length = limit;
  return { items, more };
}

/** Walks the history under prefix in key order, keeping per key the newest entry ≤ rev. */
function listAt(dbs: Dbs, prefix: string, rev: number, after: string | undefined, limit: number): Page {
  const items: KeyValue[] = [];
  const want = limit > 0 ? limit + 1 : Infinity;
  let groupKey: string | undefined;
  let best: KeyValue | undefined;
  for (const { key: raw, value } of dbs.hist.getRange(histRange(prefix, after))) {
    const entry = decodeHistKey(raw);
    if (entry.key !== groupKey) {
      if (best !== undefined) items.push(best);
      best = undefined;
      if (items.length >= want) break;
      groupKey = entry.key;
    }
    if (entry.rev <= rev) best = histToKv(entry.key, entry.rev, value);
  }
  if (best !== undefined) items.push(best);
  const more = limit > 0 && items.length > limit;
  if (more) items.length = limit;
  return { items, more };
}

export function countCurrent(dbs: Dbs, prefix: string): number {
  return dbs.cur.getKeysCount(curRange(prefix));
}
