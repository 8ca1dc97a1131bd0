import { describe, expect, it } from '@jest/globals';
import { CacheEvent } from './event.js';
import { matchEverything } from './filter.js';
import { CacheWatcher, MAX_BATCH, type CachedEvent } from './watcher.js';

/** n creates of distinct objects, all at revision rev (as one group commit writes them). */
function atRevision(rev: number, n: number): CacheEvent[] {
  return Array.from({ length: n }, (_, i) => {
    const name = `o-${String(rev)}-${String(i)}`;
    const json = JSON.stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { resourceVersion: String(rev), name, namespace: 'a' },
    });
    return new CacheEvent('create', rev, {
      key: `/registry/core/configmaps/a/${name}`,
      namespace: 'a',
      rev,
      json,
    });
  });
}

function watcher(history: readonly CacheEvent[], revision: () => number): CacheWatcher {
  return new CacheWatcher({
    namespace: '',
    filter: matchEverything,
    maxQueue: 100_000,
    initial: [],
    history,
    currentRevision: revision,
    onEnd: () => undefined,
  });
}

const revisionsOf = (batch: readonly CachedEvent[]): string[] => [
  ...new Set(batch.map((e) => e.object.metadata.resourceVersion ?? '')),
];

describe('CacheWatcher batches', () => {
  it('never cuts a revision of the history between two batches', async () => {
    const big = MAX_BATCH + 44;
    const w = watcher([...atRevision(5, big), ...atRevision(6, 3)], () => 6);
    const it = w.batches()[Symbol.asyncIterator]();
    const first = await it.next();
    const second = await it.next();
    w.stop();
    expect(first.done !== true && first.value).toHaveLength(big);
    expect(first.done !== true && revisionsOf(first.value)).toEqual(['5']);
    expect(second.done !== true && revisionsOf(second.value)).toEqual(['6']);
  });

  it('hands out every queued event of a revision in one batch, and reports progress only at its end', async () => {
    let revision = 0;
    const w = watcher([], () => revision);
    const it = w.batches()[Symbol.asyncIterator]();
    const waiting = it.next();
    const big = 2 * MAX_BATCH + 1;
    for (const ev of [...atRevision(7, big), ...atRevision(8, MAX_BATCH)]) w.offer(ev);
    revision = 8;
    w.wakeNow();
    const first = await waiting;
    expect(first.done !== true && first.value).toHaveLength(big);
    expect(first.done !== true && revisionsOf(first.value)).toEqual(['7']);
    // revision 8 is queued: progress stops at 7, every event of which the client has
    expect(w.progress()).toBe(7);
    const second = await it.next();
    expect(second.done !== true && revisionsOf(second.value)).toEqual(['8']);
    w.stop();
  });
});
