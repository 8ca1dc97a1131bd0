import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { fc, test as fcTest } from '@fast-check/jest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../../api/meta.js';
import type { QuotaCharge } from '../admission/types.js';
import { openEmbeddedStorage, type EmbeddedStorage } from '../storage/embedded/index.js';
import type { Storage, TxnRequest } from '../storage/interface.js';
import { GroupCommitter, type CommitMember } from './group-commit.js';

const ORG = '/orgs/acme';
let dir: string;
let s: EmbeddedStorage;
let txns: TxnRequest[];
let storage: Storage;
/** milliseconds each txn is held before it reaches storage, and the most held at once */
let delayMs = 0;
let maxConcurrent = 0;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'orgplane-group-commit-'));
  s = await openEmbeddedStorage({ path: dir, leaseCheckIntervalMs: 0 });
  txns = [];
  delayMs = 0;
  maxConcurrent = 0;
  let concurrent = 0;
  storage = new Proxy(s, {
    get(target, prop, receiver) {
      if (prop === 'txn')
        return async (req: TxnRequest) => {
          txns.push(req);
          maxConcurrent = Math.max(maxConcurrent, ++concurrent);
          try {
            if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
            return await target.txn(req);
          } finally {
            concurrent--;
          }
        };
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
});

afterEach(async () => {
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

const org = (quota?: number, usage?: number): string =>
  JSON.stringify({
    apiVersion: 'orgplane.io/v1alpha1',
    kind: 'Organization',
    metadata: { name: 'acme' },
    spec: quota === undefined ? {} : { quota: { agents: quota } },
    ...(usage === undefined ? {} : { status: { usage: { agents: usage } } }),
  });

async function putOrg(quota?: number, usage?: number): Promise<void> {
  await s.txn({ compares: [], success: [{ type: 'put', key: ORG, value: org(quota, usage) }] });
}

const usageOf = async (): Promise<number | undefined> => {
  const kv = await s.get(ORG);
  const o = JSON.parse(kv?.value ?? '{}') as KubeObject;
  return (o.status as { usage?: { agents?: number } } | undefined)?.usage?.agents;
};

const agentKey = (name: string): string => `/agents/acme/${name}`;

function charge(delta: 1 | -1): QuotaCharge {
  return {
    record: ORG,
    usageKey: 'agents',
    delta,
    count: () => storage.count('/agents/acme/'),
    exceeded: (used, limit) =>
      new Error(`exceeded quota: agents, used: ${String(used)}, limited: ${String(limit)}`),
  };
}

const create = (name: string): CommitMember => ({
  compares: [{ key: agentKey(name), target: 'modRevision', op: '=', value: 0 }],
  ops: [{ type: 'put', key: agentKey(name), value: `{"name":"${name}"}` }],
  charges: [charge(1)],
});

/** The delete of a stored object (the registry deletes only what it read). */
async function remove(name: string): Promise<CommitMember> {
  const kv = await s.get(agentKey(name));
  if (!kv) throw new Error(`${name} is not stored`);
  return {
    compares: [{ key: agentKey(name), target: 'modRevision', op: '=', value: kv.modRevision }],
    ops: [{ type: 'delete', key: agentKey(name) }],
    charges: [charge(-1)],
  };
}

describe('GroupCommitter', () => {
  it('commits concurrent creates of one record in few transactions, exactly up to the limit', async () => {
    await putOrg(10, 0);
    const c = new GroupCommitter(storage);
    const out = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => c.commit(create(`a${String(i)}`))),
    );
    const ok = out.filter((o) => o.status === 'fulfilled' && o.value.committed);
    const refused = out.filter((o) => o.status === 'rejected');
    expect(ok).toHaveLength(10);
    expect(refused).toHaveLength(40);
    expect(String((refused[0] as PromiseRejectedResult).reason)).toContain('used: 10, limited: 10');
    expect(await usageOf()).toBe(10);
    expect(await s.count('/agents/acme/')).toBe(10);
    expect(txns.length).toBeLessThanOrEqual(3);
  });

  it('re-reads a cached record before refusing on it', async () => {
    await putOrg(1, 0);
    const c = new GroupCommitter(storage);
    expect(await c.commit(create('a'))).toMatchObject({ committed: true });
    await putOrg(5, 1); // raised elsewhere: the committer's copy says 1
    expect(await c.commit(create('b'))).toMatchObject({ committed: true });
    expect(await usageOf()).toBe(2);
  });

  it('re-plans on a record changed elsewhere, from the failed txn read-back', async () => {
    await putOrg(5, 0);
    const c = new GroupCommitter(storage);
    await c.commit(create('a'));
    await putOrg(1, 1); // lowered elsewhere
    await expect(c.commit(create('b'))).rejects.toThrow('used: 1, limited: 1');
    expect(await s.get(agentKey('b'))).toBeUndefined();
    expect(await usageOf()).toBe(1);
  });

  it('hands back a write whose own compare broke while the rest of its batch commits', async () => {
    await putOrg(10, 0);
    await s.create(agentKey('taken'), '{}');
    const c = new GroupCommitter(storage);
    const [x, y, z] = await Promise.all([
      c.commit(create('x')),
      c.commit(create('taken')),
      c.commit(create('z')),
    ]);
    expect(x).toMatchObject({ committed: true });
    expect(y).toEqual({ committed: false });
    expect(z).toMatchObject({ committed: true });
    expect(await usageOf()).toBe(2);
  });

  it('puts two writes of one key in different transactions', async () => {
    await putOrg(10, 0);
    const c = new GroupCommitter(storage);
    const [a, b] = await Promise.all([c.commit(create('same')), c.commit(create('same'))]);
    expect([a.committed, b.committed].sort()).toEqual([false, true]);
    expect(await usageOf()).toBe(1);
  });

  it('releases on delete, never below zero, and leaves an unrecorded usage alone', async () => {
    await putOrg(10, 0);
    const c = new GroupCommitter(storage);
    await c.commit(create('a'));
    await c.commit(await remove('a'));
    expect(await usageOf()).toBe(0);
    await s.create(agentKey('b'), '{}');
    await c.commit(await remove('b'));
    expect(await usageOf()).toBe(0);
    await putOrg(10);
    await s.create(agentKey('c'), '{}');
    await c.commit(await remove('c'));
    expect(await usageOf()).toBeUndefined();
  });

  it('counts the stored objects when the record has no usage yet', async () => {
    await putOrg(3);
    await s.create(agentKey('old1'), '{}');
    await s.create(agentKey('old2'), '{}');
    const c = new GroupCommitter(storage);
    const out = await Promise.allSettled([c.commit(create('n1')), c.commit(create('n2'))]);
    expect(out.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await usageOf()).toBe(3);
  });

  it('commits writes without charges alone', async () => {
    const c = new GroupCommitter(storage);
    const r = await c.commit({ ...create('free'), charges: [] });
    expect(r).toMatchObject({ committed: true });
    expect(txns).toHaveLength(1);
  });

  it('keeps several batches in flight, each relying on the one before', async () => {
    await putOrg(25, 0);
    delayMs = 20;
    const c = new GroupCommitter(storage);
    const out: Promise<boolean>[] = [];
    for (let i = 0; i < 40; i++) {
      out.push(
        c.commit(create(`p${String(i)}`)).then(
          (r) => r.committed,
          () => false,
        ),
      );
      await new Promise((r) => setTimeout(r, 2));
    }
    expect((await Promise.all(out)).filter(Boolean)).toHaveLength(25);
    expect(maxConcurrent).toBeGreaterThan(1);
    expect(await usageOf()).toBe(25);
    expect(await s.count('/agents/acme/')).toBe(25);
  });

  it('never overwrites a record written elsewhere while its batches are in flight', async () => {
    await putOrg(1000, 0);
    delayMs = 15;
    const c = new GroupCommitter(storage);
    const out: Promise<unknown>[] = [];
    for (let i = 0; i < 30; i++) {
      out.push(c.commit(create(`w${String(i)}`)));
      if (i === 10) {
        // another writer (a controller) labels the Organization, guarded by what it read
        for (let done = false; !done;) {
          const kv = await s.get(ORG);
          const o = JSON.parse(kv?.value ?? '{}') as KubeObject;
          o.metadata.labels = { touched: 'yes' };
          const r = await s.txn({
            compares: [{ key: ORG, target: 'modRevision', op: '=', value: kv?.modRevision ?? 0 }],
            success: [{ type: 'put', key: ORG, value: JSON.stringify(o) }],
          });
          done = r.succeeded;
        }
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    const settled = await Promise.all(out);
    const stored = await s.count('/agents/acme/');
    expect(settled.filter((o) => (o as { committed: boolean }).committed)).toHaveLength(stored);
    expect(await usageOf()).toBe(stored);
    const org = JSON.parse((await s.get(ORG))?.value ?? '{}') as KubeObject;
    expect(org.metadata.labels).toEqual({ touched: 'yes' });
  });

  fcTest.prop(
    [
      fc.integer({ min: 0, max: 8 }),
      fc.array(
        fc.record({
          del: fc.boolean(),
          name: fc.integer({ min: 0, max: 11 }),
          gapMs: fc.integer({ min: 0, max: 3 }),
        }),
        { minLength: 1, maxLength: 40 },
      ),
      fc.constantFrom(0, 4),
    ],
    { seed: 20261206, numRuns: 30 },
  )('usage equals the stored count and never passes the limit', async (limit, ops, txnDelayMs) => {
    for (const kv of (await s.list('/agents/acme/')).items) await s.delete(kv.key);
    await putOrg(limit, 0);
    delayMs = txnDelayMs;
    const c = new GroupCommitter(storage);
    const out: Promise<unknown>[] = [];
    for (const o of ops) {
      const name = `n${String(o.name)}`;
      // a delete of an absent name rejects before it reaches the committer
      out.push((async () => c.commit(o.del ? await remove(name) : create(name)))().catch(() => undefined));
      if (o.gapMs > 0) await new Promise((r) => setTimeout(r, o.gapMs));
    }
    await Promise.all(out);
    const stored = await s.count('/agents/acme/');
    expect(stored).toBeLessThanOrEqual(limit);
    expect(await usageOf()).toBe(stored);
  });
});
