import { describe, expect, it } from '@jest/globals';
import type { KeyValue } from '../storage/interface.js';
import type { Entry, Keeper } from './entry.js';
import { entryOf, keepLocations, splitKey } from './entry.js';
import { firstAfter, ResourceState, type CacheEvent, type EventSink } from './resource.js';

const P = '/registry/core/pods/';
const entry = (ns: string, name: string, rev: number): Entry => ({
  key: `${P}${ns}/${name}`,
  namespace: ns,
  rev,
  json: JSON.stringify({ metadata: { name, namespace: ns, resourceVersion: String(rev) } }),
});

const stored = (ns: string, name: string, rev: number): KeyValue => ({
  key: `${P}${ns}/${name}`,
  value: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns } }),
  createRevision: rev,
  modRevision: rev,
  version: 1,
  lease: 0,
});

function sink(namespace: string): EventSink & { got: CacheEvent[] } {
  const got: CacheEvent[] = [];
  return { namespace, got, offer: (e) => got.push(e), fail: () => undefined, stop: () => undefined };
}

describe('splitKey', () => {
  it('splits namespaced and cluster-scoped keys, refusing others', () => {
    expect(splitKey('/registry/core/pods/ns/a')).toEqual({ prefix: P, namespace: 'ns', name: 'a' });
    expect(splitKey('/registry/core/namespaces/a')).toEqual({
      prefix: '/registry/core/namespaces/',
      namespace: '',
      name: 'a',
    });
    expect(splitKey('/orgplane/x')).toBeUndefined();
    expect(splitKey('/registry/a/b/c/d/e')).toBeUndefined();
  });
});

describe('ResourceState', () => {
  it('keeps keys in byte order per namespace and overall, across creates and deletes', () => {
    const r = new ResourceState(P, 1);
    r.load(stored('b', 'x', 1), 'b');
    r.load(stored('a', 'z', 1), 'a');
    expect(r.keys('')).toEqual([`${P}a/z`, `${P}b/x`]);
    expect(r.keys('a')).toEqual([`${P}a/z`]);
    r.apply('create', entry('a', 'm', 2), 2);
    r.apply('create', entry('a-b', 'q', 3), 3);
    expect(r.keys('')).toEqual([`${P}a-b/q`, `${P}a/m`, `${P}a/z`, `${P}b/x`]);
    expect(r.keys('a')).toEqual([`${P}a/m`, `${P}a/z`]);
    r.apply('delete', entry('a', 'm', 2), 4);
    expect(r.keys('')).toEqual([`${P}a-b/q`, `${P}a/z`, `${P}b/x`]);
    expect(r.keys('a')).toEqual([`${P}a/z`]);
    expect(r.size).toBe(3);
    expect(r.lastChange).toBe(4);
  });

  it('records create/update/delete events with the previous state and hands them to matching sinks', () => {
    const r = new ResourceState(P, 1);
    const all = sink('');
    const onlyA = sink('a');
    r.sinks.add(all);
    r.sinks.add(onlyA);
    r.apply('create', entry('a', 'x', 2), 2);
    r.apply('update', entry('a', 'x', 3), 3);
    r.apply('create', entry('b', 'y', 4), 4);
    r.apply('delete', entry('a', 'x', 3), 5);
    expect(all.got.map((e) => `${e.type}@${String(e.rev)}`)).toEqual([
      'create@2',
      'update@3',
      'create@4',
      'delete@5',
    ]);
    expect(onlyA.got.map((e) => e.type)).toEqual(['create', 'update', 'delete']);
    expect(all.got[1]?.prev?.rev).toBe(2);
    expect(all.got[3]?.entry.rev).toBe(3);
    expect(r.ring.since(2)?.map((e) => e.rev)).toEqual([3, 4, 5]);
  });

  it('holding only locations, reads each text from storage and keeps the texts of its events', () => {
    const texts = new Map<string, string>();
    const reads: string[] = [];
    const r = new ResourceState(
      P,
      1,
      undefined,
      keepLocations((key, rev) => {
        reads.push(`${key}@${String(rev)}`);
        return texts.get(`${key}@${String(rev)}`);
      }),
    );
    const kv = stored('a', 'x', 1);
    texts.set(`${kv.key}@1`, kv.value);
    r.load(kv, 'a');
    expect(reads).toEqual([]);
    expect(JSON.parse(r.get(kv.key)?.json ?? '')).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { resourceVersion: '1', name: 'x', namespace: 'a' },
    });
    expect(reads).toEqual([`${kv.key}@1`]);

    const all = sink('');
    r.sinks.add(all);
    const before = { ...entry('a', 'x', 1), json: r.get(kv.key)?.json ?? '' };
    r.apply('update', entry('a', 'x', 2), 2, before);
    reads.length = 0;
    // the event holds texts (from the storage event), so watchers never read storage
    expect(all.got[0]?.entry.json).toContain('"resourceVersion":"2"');
    expect(all.got[0]?.prev?.json).toContain('"resourceVersion":"1"');
    expect(reads).toEqual([]);
    // the resource holds the location only: a version storage no longer has is an error, not stale data
    expect(() => r.get(kv.key)?.json).toThrow(/no longer in storage/);
    expect(reads).toEqual([`${kv.key}@2`]);
  });

  it('firstAfter finds the first key strictly after a key', () => {
    const keys = ['a', 'c', 'e'];
    expect(firstAfter(keys, 'a')).toBe(1);
    expect(firstAfter(keys, 'b')).toBe(1);
    expect(firstAfter(keys, 'e')).toBe(3);
    expect(firstAfter(keys, '')).toBe(0);
  });
});

describe('ResourceState retiring', () => {
  /** a keeper of texts that records what it is told to retire */
  const recording = (): { retired: Entry[]; keeper: Keeper } => {
    const retired: Entry[] = [];
    return { retired, keeper: { load: entryOf, keep: (e) => ({ ...e }), retire: (e) => retired.push(e) } };
  };

  it('retires the held version an event replaced once the event leaves the ring', () => {
    const { retired, keeper } = recording();
    const r = new ResourceState(P, 0, { min: 2, max: 2, freshMs: 0 }, keeper);
    r.apply('create', entry('ns', 'a', 1), 1);
    const first = r.get(`${P}ns/a`);
    r.apply('update', entry('ns', 'a', 2), 2);
    const second = r.get(`${P}ns/a`);
    // the ring still names both: nothing retired
    expect(retired).toEqual([]);
    r.apply('update', entry('ns', 'a', 3), 3); // evicts the create, which replaced nothing
    expect(retired).toEqual([]);
    r.apply('delete', entry('ns', 'a', 3), 4, entry('ns', 'a', 3)); // evicts the first update
    expect(retired.length).toBe(1);
    expect(retired[0]).toBe(first);
    r.apply('create', entry('ns', 'b', 5), 5); // evicts the second update
    r.apply('create', entry('ns', 'c', 6), 6); // evicts the delete, which replaced the third version
    expect(retired[1]).toBe(second);
    expect(retired[2]?.rev).toBe(3);
    expect(retired[2]).not.toBe(second);
    expect(retired.length).toBe(3);
  });
});

describe('ResourceState events past the newest 4,096', () => {
  it("hold the resource's entry of their version instead of the event's text", () => {
    const keptOnes = new Set<Entry>();
    const keeper: Keeper = {
      load: entryOf,
      keep: (e) => {
        const k = { ...e };
        keptOnes.add(k);
        return k;
      },
    };
    const r = new ResourceState(P, 0, undefined, keeper);
    const s = sink('');
    r.sinks.add(s);
    r.apply('create', entry('ns', 'a', 1), 1);
    r.apply('delete', entry('ns', 'a', 1), 2);
    for (let rev = 3; rev < 3 + 4096; rev++) r.apply('create', entry('ns', `b${String(rev)}`, rev), rev);
    const [created, deleted, next] = s.got;
    // the text they were made with, equal to what they hold now
    expect(created?.entry.json).toBe(entry('ns', 'a', 1).json);
    expect(keptOnes.has(created?.entry as Entry)).toBe(true);
    expect(keptOnes.has(deleted?.entry as Entry)).toBe(true);
    expect(deleted?.object().metadata.resourceVersion).toBe('2');
    // still among the newest: its own text
    expect(keptOnes.has(next?.entry as Entry)).toBe(false);
    expect(keptOnes.has(s.got.at(-1)?.entry as Entry)).toBe(false);
  });
});
