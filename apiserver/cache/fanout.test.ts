import { put as putValue } from '../../test/support/storage-put.js';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../../api/meta.js';
import { openEmbeddedStorage, type EmbeddedStorage } from '../storage/embedded/index.js';
import { WatchCache } from './cacher.js';
import { eventCodec, jsonFrame, SharedEvent } from './event.js';
import { matchEverything } from './filter.js';
import { cachedWatch, type CachedWatch } from './watch.js';

const P = '/registry/core/configmaps/';
let dir: string;
let s: EmbeddedStorage;
let cache: WatchCache;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'orgplane-fanout-'));
  s = await openEmbeddedStorage({ path: dir, leaseCheckIntervalMs: 0 });
  cache = new WatchCache(s);
  await cache.start();
});

afterEach(async () => {
  jest.restoreAllMocks();
  cache.stop();
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

const cm = (name: string, tier: string): string =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'a', labels: { tier } },
    data: { k: 'v' },
  });

const isWeb = (o: KubeObject): boolean => o.metadata.labels?.['tier'] === 'web';
const inA = (o: KubeObject): boolean => o.metadata.namespace === 'a';

/** What an HTTP stream does with each event: one JSON line, and a Table-like rendering. */
function render(ev: SharedEvent): string {
  ev.frame('Table/v1', (e) => JSON.stringify({ type: e.type, name: e.object.metadata.name }));
  return jsonFrame(ev).toString('utf8');
}

/** Reads n events from each watch through its batches, as the HTTP handler does. */
async function drain(
  watches: readonly CachedWatch[],
  n: number,
): Promise<{ ev: SharedEvent; line: string }[][]> {
  return Promise.all(
    watches.map(async (w) => {
      const got: { ev: SharedEvent; line: string }[] = [];
      for await (const batch of w.batches()) {
        for (const ev of batch) if (ev instanceof SharedEvent) got.push({ ev, line: render(ev) });
        if (got.length >= n) break;
      }
      return got;
    }),
  );
}

/**
 * Counts the decodes and encodes made while `perFilter` watchers of each filter (everything, a
 * label selector, a namespace scope) receive 2 creates, 1 update that leaves the selector and 1
 * delete.
 */
async function fanOut(perFilter: number): Promise<{ decodes: number; encodes: number; lines: string[] }> {
  const decode = jest.spyOn(eventCodec, 'decode');
  const encode = jest.spyOn(eventCodec, 'encode');
  decode.mockClear();
  encode.mockClear();
  const rv = String(cache.rev);
  const open = (filter: (o: KubeObject) => boolean): CachedWatch[] =>
    Array.from({ length: perFilter }, () =>
      cachedWatch(
        cache,
        { resourcePrefix: P, namespace: 'a', filter, resourceVersion: Number(rv), initialEvents: false },
        () => {
          throw new Error('the cache should serve this watch');
        },
      ),
    );
  const all = open(matchEverything);
  const web = open(isWeb);
  const scoped = open(inA);
  const reading = Promise.all([drain(all, 4), drain(web, 2), drain(scoped, 4)]);
  await new Promise((r) => setTimeout(r, 20));
  const tag = String(perFilter);
  await putValue(s, `${P}a/x${tag}`, cm(`x${tag}`, 'web'));
  await putValue(s, `${P}a/y${tag}`, cm(`y${tag}`, 'db'));
  await putValue(s, `${P}a/x${tag}`, cm(`x${tag}`, 'db'));
  await s.delete(`${P}a/y${tag}`);
  const [a, w, sc] = await reading;
  for (const x of [...all, ...web, ...scoped]) x.stop();
  // every watcher of one filter got the very same event objects and bytes
  for (const group of [a, w, sc])
    for (const got of group) {
      expect(got).toHaveLength(group[0]?.length ?? -1);
      for (const [i, g] of got.entries()) expect(g.ev).toBe(group[0]?.[i]?.ev);
    }
  const lines = [...(a[0] ?? []), ...(w[0] ?? [])].map((g) =>
    g.line.replace(/x\d+|y\d+/g, 'o').replace(/"resourceVersion":"\d+"/, '"resourceVersion":""'),
  );
  return { decodes: decode.mock.calls.length, encodes: encode.mock.calls.length, lines };
}

describe('watch fan-out', () => {
  it('decodes an event once and encodes it once per encoding, however many watchers get it', async () => {
    const one = await fanOut(1);
    const many = await fanOut(40);
    // decodes: create x, create y, update x (new and previous state), delete y
    expect(one.decodes).toBe(5);
    expect(many.decodes).toBe(one.decodes);
    // encodes: per event type and encoding: ADDED x, ADDED y, MODIFIED x, DELETED x (it left
    // the selector), DELETED y, each as JSON and as Table
    expect(one.encodes).toBe(10);
    expect(many.encodes).toBe(one.encodes);
    expect(many.lines).toEqual(one.lines);
    expect(one.lines[0]).toMatch(/^\{"type":"ADDED","object":\{"apiVersion":"v1","kind":"ConfigMap",/);
  });

  it('shares one frozen object between watchers', async () => {
    const w = [0, 1].map(() =>
      cachedWatch(
        cache,
        { resourcePrefix: P, namespace: '', filter: isWeb, resourceVersion: cache.rev, initialEvents: false },
        () => {
          throw new Error('the cache should serve this watch');
        },
      ),
    );
    const reading = drain(w, 1);
    await new Promise((r) => setTimeout(r, 20));
    await putValue(s, `${P}a/f`, cm('f', 'web'));
    const [[a], [b]] = (await reading) as unknown as [[{ ev: SharedEvent }], [{ ev: SharedEvent }]];
    for (const x of w) x.stop();
    expect(a.ev.object).toBe(b.ev.object);
    expect(Object.isFrozen(a.ev.object.metadata.labels)).toBe(true);
    expect(a.ev.raw).toBe(JSON.stringify(a.ev.object));
  });
});
