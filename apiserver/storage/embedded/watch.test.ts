import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isStorageError } from '../errors.js';
import type { WatchEvent, Watcher } from '../interface.js';
import type { EmbeddedStorage } from './index.js';
import { openEmbeddedStorage } from './index.js';
import { put } from '../../../test/support/storage-put.js';

let dir: string;
let s: EmbeddedStorage;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'orgplane-watch-'));
  s = await openEmbeddedStorage({ path: dir, leaseCheckIntervalMs: 0 });
});

afterEach(async () => {
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The next n events (fails after 5 s). */
async function take(w: Watcher, n: number): Promise<WatchEvent[]> {
  const out: WatchEvent[] = [];
  const it = w[Symbol.asyncIterator]();
  const deadline = Date.now() + 5000;
  while (out.length < n) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`timed out after ${out.length} events`));
      }, deadline - Date.now());
    });
    const r = await Promise.race([it.next(), timeout]).finally(() => {
      clearTimeout(timer);
    });
    if (r.done === true) break;
    out.push(r.value);
  }
  return out;
}

async function failure(w: Watcher): Promise<unknown> {
  try {
    for await (const _ of w) {
      // drain
    }
  } catch (err) {
    return err;
  }
  return undefined;
}

const brief = (e: WatchEvent): [string, string, number] => [e.type, e.key, e.revision];

describe('live events', () => {
  it('delivers create, update and delete with etcd-shaped kvs', async () => {
    const w = s.watch('/p/');
    await s.create('/p/a', '1');
    await s.create('/q/ignored', 'x');
    await put(s, '/p/a', '2');
    await s.delete('/p/a');
    const events = await take(w, 3);
    w.stop();
    expect(events.map(brief)).toEqual([
      ['create', '/p/a', 2],
      ['update', '/p/a', 4],
      ['delete', '/p/a', 5],
    ]);
    expect(events[1]?.prev).toMatchObject({ value: '1', modRevision: 2 });
    expect(events[2]?.kv).toMatchObject({ value: '2', modRevision: 4, version: 2 });
  });

  it('gives every key a txn writes the same revision', async () => {
    const w = s.watch('/');
    await s.txn({
      compares: [],
      success: [
        { type: 'put', key: '/a', value: '1' },
        { type: 'put', key: '/b', value: '1' },
      ],
    });
    expect((await take(w, 2)).map(brief)).toEqual([
      ['create', '/a', 2],
      ['create', '/b', 2],
    ]);
    w.stop();
  });

  it('ends the iteration cleanly on stop()', async () => {
    const w = s.watch('/');
    const pending = take(w, 1);
    w.stop();
    expect(await pending).toEqual([]);
  });

  it('ends watchers when the store closes', async () => {
    const w = s.watch('/');
    const pending = take(w, 1);
    await s.close();
    expect(await pending).toEqual([]);
    s = await openEmbeddedStorage({ path: dir, leaseCheckIntervalMs: 0 });
  });
});

describe('history', () => {
  it('replays events after fromRevision, then continues live', async () => {
    for (let i = 0; i < 5; i++) await s.create(`/k/${i}`, String(i)); // revisions 2..6
    const w = s.watch('/k/', { fromRevision: 3 });
    await s.create('/k/5', '5'); // 7
    const events = await take(w, 4);
    w.stop();
    expect(events.map((e) => e.revision)).toEqual([4, 5, 6, 7]);
  });

  it('hands over from replay to live without gap or duplicate while writes keep coming', async () => {
    const total = 300;
    const writes = (async () => {
      for (let i = 0; i < total; i += 10) {
        await Promise.all(Array.from({ length: 10 }, (_, j) => s.create(`/h/${i + j}`, 'v')));
      }
    })();
    const watchers: { from: number; w: Watcher }[] = [];
    for (let i = 0; i < 6; i++) {
      await new Promise((r) => setTimeout(r, 5));
      const from = Math.max(1, (await s.currentRevision()) - 7);
      watchers.push({ from, w: s.watch('/h/', { fromRevision: from }) });
    }
    await writes;
    const last = total + 1;
    for (const { from, w } of watchers) {
      const events = await take(w, last - from);
      w.stop();
      expect(events.map((e) => e.revision)).toEqual(
        Array.from({ length: last - from }, (_, i) => from + 1 + i),
      );
    }
  });

  it('replays exactly the events it broadcast live, also after a reopen', async () => {
    const live = s.watch('/m/');
    const lease = await s.grantLease(60);
    await s.create('/m/a', '1');
    await s.create('/m/b', '1', { lease });
    await put(s, '/m/a', '2');
    await s.txn({
      compares: [],
      success: [
        { type: 'delete', key: '/m/a' },
        { type: 'put', key: '/m/c', value: '1' },
      ],
    });
    await s.revokeLease(lease);
    await s.create('/m/a', 'again');
    const seen = await take(live, 7);
    live.stop();
    expect(seen.map(brief)).toEqual([
      ['create', '/m/a', 2],
      ['create', '/m/b', 3],
      ['update', '/m/a', 4],
      ['delete', '/m/a', 5],
      ['create', '/m/c', 5],
      ['delete', '/m/b', 6],
      ['create', '/m/a', 7],
    ]);
    const replayed = s.watch('/m/', { fromRevision: 1 });
    expect(await take(replayed, 7)).toEqual(seen);
    replayed.stop();
    await s.close();
    s = await openEmbeddedStorage({ path: dir, leaseCheckIntervalMs: 0 });
    const reopened = s.watch('/m/', { fromRevision: 3 });
    expect(await take(reopened, 4)).toEqual(seen.slice(2, 6));
    reopened.stop();
  });

  it('sends the current state first with initialState', async () => {
    await s.create('/i/a', '1');
    await s.create('/i/b', '1');
    await s.delete('/i/a');
    const w = s.watch('/i/', { initialState: true, fromRevision: 1 });
    await s.create('/i/c', '1');
    const events = await take(w, 2);
    w.stop();
    expect(events.map(brief)).toEqual([
      ['create', '/i/b', 4],
      ['create', '/i/c', 5],
    ]);
    expect(events[0]?.kv.modRevision).toBe(3);
  });

  it('ends with Expired when fromRevision is compacted', async () => {
    for (let i = 0; i < 4; i++) await s.create(`/c/${i}`, 'v');
    await s.compact(4);
    const err = await failure(s.watch('/c/', { fromRevision: 2 }));
    expect(isStorageError(err, 'Expired')).toBe(true);
    const ok = s.watch('/c/', { fromRevision: 4 });
    expect((await take(ok, 1)).map((e) => e.revision)).toEqual([5]);
    ok.stop();
  });

  it('ends with Expired when compaction overtakes the replay', async () => {
    for (let i = 0; i < 1200; i += 100) {
      await Promise.all(Array.from({ length: 100 }, (_, j) => s.create(`/r/${i + j}`, 'v')));
    }
    const w = s.watch('/r/', { fromRevision: 1 });
    const first = await take(w, 1);
    expect(first[0]?.revision).toBe(2);
    await s.compact(1000);
    const err = await failure(w);
    expect(isStorageError(err, 'Expired')).toBe(true);
  });
});

describe('slow consumers', () => {
  it('ends a watcher that falls behind maxBuffered with Expired', async () => {
    const w = s.watch('/', { maxBuffered: 5 });
    for (let i = 0; i < 7; i++) await s.create(`/s/${i}`, 'v');
    const err = await failure(w);
    expect(isStorageError(err, 'Expired')).toBe(true);
    expect(String(err)).toMatch(/fell behind/);
  });

  it('keeps a watcher that stays within maxBuffered', async () => {
    const w = s.watch('/', { maxBuffered: 5 });
    for (let i = 0; i < 5; i++) await s.create(`/s/${i}`, 'v');
    expect(await take(w, 5)).toHaveLength(5);
    w.stop();
  });
});
