import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../../api/meta.js';
import { openEmbeddedStorage } from '../storage/embedded/index.js';
import type { Storage } from '../storage/interface.js';
import { InternalStore, objectAbsent, type RecordEvent } from './internal.js';
import { internalKey, objectKey } from './keys.js';

const AGENTS = { group: 'orgplane.io', plural: 'agents', namespaced: true } as const;
const agent = (name: string): KubeObject => ({
  apiVersion: 'orgplane.io/v1alpha1',
  kind: 'Agent',
  metadata: { name, namespace: 'acme', uid: `uid-${name}`, resourceVersion: '999' },
});

let dir: string;
let storage: Storage;
let internal: InternalStore;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'orgplane-internal-'));
  storage = await openEmbeddedStorage({ path: dir, leaseCheckIntervalMs: 0 });
  internal = new InternalStore(storage);
});
afterEach(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('InternalStore.transact', () => {
  const active = internalKey('test', 'active');

  it('commits records and objects at one revision when every guard holds', async () => {
    const r = await internal.transact(
      [{ absent: active }, objectAbsent(AGENTS, 'acme', 'a1')],
      [
        { put: active, value: 'k1' },
        { resource: AGENTS, object: agent('a1') },
      ],
    );
    expect(r.succeeded).toBe(true);
    expect(await internal.get(active)).toEqual({ key: active, value: 'k1', revision: r.revision });
    const kv = await storage.get(objectKey(AGENTS, 'acme', 'a1'));
    expect(kv?.modRevision).toBe(r.revision);
    // stored like the registry stores objects: no resourceVersion in the bytes
    expect(JSON.parse(kv?.value ?? '{}')).toEqual({
      ...agent('a1'),
      metadata: { name: 'a1', namespace: 'acme', uid: 'uid-a1' },
    });
  });

  it('writes nothing when one guard fails', async () => {
    await internal.transact([], [{ put: active, value: 'k1' }]);
    const r = await internal.transact(
      [{ absent: active }],
      [
        { put: internalKey('test', 'other'), value: 'x' },
        { resource: AGENTS, object: agent('a2') },
      ],
    );
    expect(r.succeeded).toBe(false);
    expect(await internal.get(internalKey('test', 'other'))).toBeUndefined();
    expect(await storage.get(objectKey(AGENTS, 'acme', 'a2'))).toBeUndefined();
  });

  it('refuses a record write outside the internal prefix (objects only through their resource)', async () => {
    const key = objectKey(AGENTS, 'acme', 'a3');
    await expect(internal.transact([], [{ put: key, value: '{}' }])).rejects.toThrow(
      /not an internal record/,
    );
    await expect(internal.transact([], [{ delete: key }])).rejects.toThrow(/not an internal record/);
    expect(await storage.get(key)).toBeUndefined();
  });
});

describe('InternalStore.incarnation', () => {
  it('guards against delete-and-recreate; unchanged guards against any write', async () => {
    await internal.transact([], [{ resource: AGENTS, object: agent('a1') }]);
    const first = await internal.incarnation(AGENTS, 'acme', 'a1');
    expect(first?.object.metadata.uid).toBe('uid-a1');
    if (!first) throw new Error('no incarnation');
    const mark = internalKey('test', 'mark');
    // an update of the same incarnation: the incarnation guard holds, unchanged does not
    await internal.transact([], [{ resource: AGENTS, object: { ...agent('a1'), spec: { x: 1 } } }]);
    expect((await internal.transact([first.unchanged], [{ put: mark, value: '1' }])).succeeded).toBe(false);
    expect((await internal.transact([first.guard], [{ put: mark, value: '2' }])).succeeded).toBe(true);
    // deleted and recreated: a new incarnation
    await storage.delete(objectKey(AGENTS, 'acme', 'a1'));
    await internal.transact([], [{ resource: AGENTS, object: agent('a1') }]);
    expect((await internal.transact([first.guard], [{ put: mark, value: '3' }])).succeeded).toBe(false);
    expect((await internal.get(mark))?.value).toBe('2');
    expect(await internal.incarnation(AGENTS, 'acme', 'ghost')).toBeUndefined();
  });
});

describe('InternalStore reads', () => {
  it('lists in pages at one revision and watches puts and deletes as records', async () => {
    const prefix = internalKey('test') + '/';
    for (const n of ['a', 'b', 'c']) await internal.transact([], [{ put: prefix + n, value: n }]);
    const first = await internal.list(prefix, { limit: 2 });
    expect(first.items.map((r) => r.value)).toEqual(['a', 'b']);
    expect(first.more).toBe(true);
    const rest = await internal.list(prefix, {
      limit: 2,
      continueAfter: prefix + 'b',
      revision: first.revision,
    });
    expect(rest.items.map((r) => r.value)).toEqual(['c']);
    const w = internal.watch(prefix, first.revision);
    const seen: RecordEvent[] = [];
    const done = (async () => {
      for await (const ev of w) {
        seen.push(ev);
        if (seen.length === 2) w.stop();
      }
    })();
    await internal.transact([], [{ put: prefix + 'd', value: 'd' }]);
    await internal.transact([], [{ delete: prefix + 'a' }]);
    await done;
    expect(seen.map((e) => [e.type, e.key, e.record.value])).toEqual([
      ['put', prefix + 'd', 'd'],
      ['delete', prefix + 'a', 'a'],
    ]);
  });
});
