/**
 * Where a new watcher starts and what history it replays first. Runs synchronously against one
 * read snapshot, together with the hub's last broadcast revision, so that replay (≤ threshold)
 * and live delivery (> threshold) meet without gap or overlap.
 */
import { expired, invalidRequest } from '../errors.js';
import type { WatchEvent, WatchOptions } from '../interface.js';
import { readCompacted, readRevision } from './db.js';
import type { Dbs } from './db.js';
import { readEvents } from './events.js';
import { list } from './mvcc.js';
import type { ReplaySource } from './watch.js';

const INITIAL_PAGE = 500;

export interface WatchStart {
  readonly threshold: number;
  readonly replay: ReplaySource;
}

export function planWatch(dbs: Dbs, prefix: string, opts: WatchOptions, hubRevision: number): WatchStart {
  if (typeof prefix !== 'string') throw invalidRequest(String(prefix), 'watch prefix must be a string');
  const snapshot = readRevision(dbs);
  if (opts.initialState === true) {
    const threshold = Math.max(snapshot, hubRevision);
    return {
      threshold,
      replay: chain(initialState(dbs, prefix, snapshot), history(dbs, prefix, snapshot, threshold)),
    };
  }
  const from = opts.fromRevision ?? 0;
  if (!Number.isSafeInteger(from) || from < 0) throw invalidRequest(prefix, `invalid fromRevision ${from}`);
  const start = from === 0 ? snapshot : from;
  const compacted = readCompacted(dbs);
  if (start < compacted) {
    throw expired(
      prefix,
      `watch from revision ${start}: history before ${compacted} has been compacted`,
      compacted,
    );
  }
  const threshold = Math.max(start, hubRevision);
  return { threshold, replay: history(dbs, prefix, start, threshold) };
}

/** Events with revision in (after, upTo], read from the revision log in chunks. */
function history(dbs: Dbs, prefix: string, after: number, upTo: number): ReplaySource {
  let cursor = after + 1;
  return () => {
    if (cursor > upTo) return undefined;
    const chunk = readEvents(dbs, { from: cursor, to: upTo, prefix });
    cursor = chunk.next;
    return chunk.events;
  };
}

/** The keys under prefix at rev as 'create' events at rev, page by page. */
function initialState(dbs: Dbs, prefix: string, rev: number): ReplaySource {
  let after: string | undefined;
  let done = false;
  return () => {
    if (done) return undefined;
    const page = list(dbs, prefix, {
      revision: rev,
      limit: INITIAL_PAGE,
      ...(after === undefined ? {} : { continueAfter: after }),
    });
    done = !page.more;
    after = page.items.at(-1)?.key;
    return page.items.map((kv): WatchEvent => ({
      type: 'create',
      key: kv.key,
      revision: rev,
      kv,
    }));
  };
}

function chain(first: ReplaySource, second: ReplaySource): ReplaySource {
  let firstDone = false;
  return () => {
    if (!firstDone) {
      const chunk = first();
      if (chunk !== undefined) return chunk;
      firstDone = true;
    }
    return second();
  };
}
