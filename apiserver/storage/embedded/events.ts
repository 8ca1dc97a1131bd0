/**
 * Rebuilds watch events from the revision log, for watchers that start in the past. The events
 * are identical to the ones the writer broadcasts live (see mutation.ts).
 */
import { expired } from '../errors.js';
import type { KeyValue, WatchEvent } from '../interface.js';
import { histToKv, readCompacted } from './db.js';
import type { Dbs, LogEntry } from './db.js';
import { histKey } from './keys.js';

export interface EventChunk {
  readonly events: WatchEvent[];
  /** the first revision not yet read */
  readonly next: number;
}

/**
 * Events under prefix for revisions from..to (inclusive), stopping after the revision at which
 * maxEvents is reached or after maxRevisions revisions. Expired when from is compacted.
 */
export function readEvents(
  dbs: Dbs,
  range: { readonly from: number; readonly to: number; readonly prefix: string },
  maxEvents = 500,
  maxRevisions = 2000,
): EventChunk {
  const { from, to, prefix } = range;
  const compacted = readCompacted(dbs);
  if (from <= compacted) {
    throw expired(
      prefix,
      `watch history from revision ${from} has been compacted (oldest ${compacted})`,
      compacted,
    );
  }
  const events: WatchEvent[] = [];
  let next = from;
  let scanned = 0;
  for (const { key: rev, value } of dbs.log.getRange({ start: from, end: to, inclusiveEnd: true })) {
    for (const entry of value) {
      if (entry.k.startsWith(prefix)) events.push(eventAt(dbs, rev, entry));
    }
    next = rev + 1;
    if (events.length >= maxEvents || ++scanned >= maxRevisions) return { events, next };
  }
  return { events, next: to + 1 };
}

function eventAt(dbs: Dbs, rev: number, entry: LogEntry): WatchEvent {
  const rec = dbs.hist.get(histKey(entry.k, rev));
  const prev = entry.p === 0 ? undefined : histKv(dbs, entry.k, entry.p);
  if (rec === undefined) throw missing(entry.k, rev);
  const kv = histToKv(entry.k, rev, rec);
  if (kv === undefined) {
    if (prev === undefined) throw missing(entry.k, entry.p);
    return { type: 'delete', key: entry.k, revision: rev, kv: prev };
  }
  if (prev === undefined) return { type: 'create', key: entry.k, revision: rev, kv };
  return { type: 'update', key: entry.k, revision: rev, kv, prev };
}

function histKv(dbs: Dbs, key: string, rev: number): KeyValue | undefined {
  const rec = dbs.hist.get(histKey(key, rev));
  return rec === undefined ? undefined : histToKv(key, rev, rec);
}

function missing(key: string, rev: number): Error {
  return expired(key, `history of ${key} at revision ${rev} is no longer available`);
}
