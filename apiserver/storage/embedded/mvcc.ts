/**
 * MVCC reads over the embedded store. Every function reads synchronously from one LMDB read
 * snapshot, so the revision it reports and the data it returns always agree.
 */
import { expired, invalidRequest } from '../errors.js';
import type { KeyRevision, KeyValue, ListOptions, ListResult, RevisionList } from '../interface.js';
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

/** A list's page bounds, checked. */
function pageBounds(prefix: string, opts: ListOptions): { after: string | undefined; limit: number } {
  const after = opts.continueAfter;
  if (after !== undefined && !after.startsWith(prefix)) {
    throw invalidRequest(after, `continue key ${after} is not under prefix ${prefix}`);
  }
  const limit = opts.limit ?? 0;
  if (!Number.isSafeInteger(limit) || limit < 0) throw invalidRequest(prefix, `invalid limit ${limit}`);
  return { after, limit };
}

export function list(dbs: Dbs, prefix: string, opts: ListOptions = {}): ListResult {
  const { after, limit } = pageBounds(prefix, opts);
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

/**
 * list's keys and modRevisions. At the current revision no value is decoded: the live keys come
 * from `cur` and each one's modRevision from its newest `hist` key (both ordered by key bytes, so
 * one pass over each); at an older revision, from list.
 */
export function listRevisions(dbs: Dbs, prefix: string, opts: ListOptions = {}): RevisionList {
  const rev = resolveRevision(dbs, prefix, opts.revision);
  if (rev !== readRevision(dbs)) {
    const page = list(dbs, prefix, opts);
    return { ...page, items: page.items.map((kv) => ({ key: kv.key, modRevision: kv.modRevision })) };
  }
  const { after, limit } = pageBounds(prefix, opts);
  const items: KeyRevision[] = [];
  const newest = newestRevisions(dbs, prefix, after);
  const range = { ...curRange(prefix, after), ...(limit > 0 ? { limit: limit + 1 } : {}) };
  for (const raw of dbs.cur.getKeys(range)) {
    const key = Buffer.from(raw);
    const modRevision = newest(key) || (dbs.cur.get(key)?.m ?? 0);
    items.push({ key: key.toString('utf8'), modRevision });
  }
  const more = limit > 0 && items.length > limit;
  if (more) items.length = limit;
  return { items, more, revision: rev };
}

/**
 * For keys asked in increasing byte order: each one's newest revision in `hist` (0 if none), from
 * one pass over its keys, which are (key bytes, 0, revision) in that order.
 */
function newestRevisions(dbs: Dbs, prefix: string, after: string | undefined): (key: Buffer) => number {
  const hist = dbs.hist.getKeys(histRange(prefix, after))[Symbol.iterator]();
  let h = hist.next();
  return (key) => {
    let rev = 0;
    for (; !h.done; h = hist.next()) {
      const order = Buffer.compare(h.value.subarray(0, h.value.length - 9), key);
      if (order > 0) break;
      if (order === 0) rev = decodeHistKey(h.value).rev;
    }
    return rev;
  };
}

export function countCurrent(dbs: Dbs, prefix: string): number {
  return dbs.cur.getKeysCount(curRange(prefix));
}
