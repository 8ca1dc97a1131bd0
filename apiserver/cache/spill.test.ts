import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KeyValue } from '../storage/interface.js';
import type { Entry } from './entry.js';
import { CacheSpill } from './spill.js';

const P = '/registry/orgplane.io/agents/';
const text = (name: string, rev: number): string =>
  JSON.stringify({ apiVersion: 'v1', kind: 'Agent', metadata: { resourceVersion: String(rev), name } });
const entry = (name: string, rev: number): Entry => ({
  key: `${P}t/${name}`,
  namespace: 't',
  rev,
  json: text(name, rev),
});

describe('CacheSpill', () => {
  let dir: string;
  let spill: CacheSpill;
  let clock = 0;
  const open = async (graceMs = 1000): Promise<CacheSpill> =>
    (spill = await CacheSpill.open(join(dir, 'spill'), {
      graceMs,
      now: () => clock,
      inMemory: (prefix) => prefix === '/registry/core/secrets/',
    }));

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spill-'));
    clock = 0;
  });
  afterEach(async () => {
    await spill.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves a text from memory until written, then from the file alone', async () => {
    const keeper = (await open()).renew()(P);
    const e = entry('a', 5);
    const kept = keeper.keep(e);
    expect(kept).not.toBe(e);
    expect({ key: kept.key, namespace: kept.namespace, rev: kept.rev, json: kept.json }).toEqual(e);
    await spill.committed();
    expect(kept.json).toBe(e.json);
    // the text is no longer held: once the file is closed it cannot be read
    await spill.close();
    expect(() => kept.json).toThrow(/no longer in the spill file/);
  });

  it('loads a listed object with its resourceVersion set', async () => {
    const keeper = (await open()).renew()(P);
    const kv: KeyValue = {
      key: `${P}t/b`,
      value: '{"apiVersion":"v1","kind":"Agent","metadata":{"name":"b"}}',
      createRevision: 3,
      modRevision: 7,
      version: 1,
      lease: 0,
    };
    const kept = keeper.load(kv, 't');
    await spill.committed();
    expect(JSON.parse(kept.json)).toEqual({
      apiVersion: 'v1',
      kind: 'Agent',
      metadata: { resourceVersion: '7', name: 'b' },
    });
  });

  it('keeps the texts of in-memory resources (Secrets) out of the file', async () => {
    const keeper = (await open()).renew()('/registry/core/secrets/');
    const e = entry('s', 2);
    expect(keeper.keep(e)).toBe(e);
  });

  it('removes a retired version only once the grace period has passed', async () => {
    const keeper = (await open(1000)).renew()(P);
    const old = keeper.keep(entry('a', 1));
    const current = keeper.keep(entry('a', 2));
    keeper.retire?.(old);
    clock = 999;
    spill.sweep();
    await spill.committed();
    expect(old.json).toBe(text('a', 1));
    clock = 1000;
    spill.sweep();
    await spill.committed();
    expect(() => old.json).toThrow(/no longer in the spill file/);
    expect(current.json).toBe(text('a', 2));
    expect(spill.size).toBe(1);
  });

  it('drops the previous load a grace period after the next begins', async () => {
    const first = (await open(20)).renew()(P);
    const before = first.keep(entry('a', 1));
    await spill.committed();
    const second = spill.renew()(P);
    const after = second.keep(entry('a', 1));
    expect(before.json).toBe(text('a', 1));
    await new Promise((r) => setTimeout(r, 60));
    await spill.committed();
    expect(() => before.json).toThrow(/no longer in the spill file/);
    expect(after.json).toBe(text('a', 1));
  });

  it('starts empty: what an earlier process wrote is gone', async () => {
    const keeper = (await open()).renew()(P);
    keeper.keep(entry('a', 1));
    keeper.keep(entry('b', 1));
    await spill.committed();
    expect(spill.size).toBe(2);
    await spill.close();
    expect((await open()).size).toBe(0);
  });
});
