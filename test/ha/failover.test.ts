/**
 * Faults under load on the HA topology (3-member etcd, two API servers): an API server SIGKILLed
 * while a client writes through it and watches it (the watcher resumes on the other server from
 * its last resourceVersion: no event missed, none repeated), and an etcd member killed and
 * restarted (writes continue; no acknowledged write is lost).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agent, agentsPath } from '../support/api-helpers.js';
import { startEtcd, type EtcdServer } from '../support/etcd.js';
import { startApiServerProcess, type ApiServerProcess } from '../support/ha.js';

interface Seen {
  readonly type: string;
  readonly name: string;
  readonly rv: number;
}

/** Watch `path` on whichever server is alive, resuming from the last resourceVersion seen. */
function resilientWatch(servers: readonly ApiServerProcess[], path: string, fromRv: string) {
  const seen: Seen[] = [];
  let rv = fromRv;
  let stopped = false;
  let close: (() => void) | undefined;
  const alive = (s: ApiServerProcess): boolean => s.child.exitCode === null && s.child.signalCode === null;
  const loop = async (): Promise<void> => {
    while (!stopped) {
      const s = servers.find(alive);
      if (!s) return;
      const w = s.stream(`${path}?watch=1&allowWatchBookmarks=true&resourceVersion=${rv}`, (line) => {
        const ev = JSON.parse(line) as {
          type: string;
          object: { metadata: { name?: string; resourceVersion?: string } };
        };
        if (ev.type === 'ERROR') throw new Error(`watch answered ERROR: ${line}`);
        const r = ev.object.metadata.resourceVersion;
        if (r) rv = r;
        if (ev.type !== 'BOOKMARK')
          seen.push({ type: ev.type, name: ev.object.metadata.name ?? '', rv: Number(r) });
      });
      close = () => {
        w.close();
      };
      await w.ended;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const done = loop();
  return {
    seen,
    stop: async () => {
      stopped = true;
      close?.();
      await done;
    },
  };
}

/** Create through the first server that answers, moving on when one refuses connections. */
async function createWithFailover(
  servers: readonly ApiServerProcess[],
  ns: string,
  name: string,
): Promise<boolean> {
  for (let attempt = 0; attempt < 50; attempt++) {
    for (const s of servers) {
      const r = await s.call('POST', agentsPath(ns), { body: agent(name) }).catch(() => undefined);
      if (r?.status === 201) return true;
      if (r?.status === 409) return true; // an earlier attempt landed before its answer was lost
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

describe('HA topology', () => {
  let etcd: EtcdServer;
  let dir: string;
  let a: ApiServerProcess;
  let b: ApiServerProcess;

  beforeAll(async () => {
    etcd = await startEtcd({ members: 3 });
    dir = await mkdtemp(join(tmpdir(), 'orgplane-ha-'));
    a = await startApiServerProcess(dir, etcd.endpoints);
    b = await startApiServerProcess(dir, etcd.endpoints);
  }, 120_000);

  afterAll(async () => {
    await a.kill('SIGTERM');
    await b.kill('SIGTERM');
    await etcd.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the same objects from both API servers', async () => {
    expect((await a.call('POST', '/api/v1/namespaces', { body: { metadata: { name: 'ha' } } })).status).toBe(
      201,
    );
    expect((await b.call('POST', agentsPath('ha'), { body: agent('x0') })).status).toBe(201);
    expect((await a.call('GET', agentsPath('ha', 'x0'))).status).toBe(200);
  }, 30_000);

  it('keeps every acknowledged write and every watch event when an API server is SIGKILLed', async () => {
    const list = await b.call('GET', agentsPath('ha'));
    const fromRv = (list.json as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
    const watch = resilientWatch([a, b], agentsPath('ha'), fromRv);
    const acknowledged: string[] = [];
    for (let i = 0; i < 150; i++) {
      if (i === 50) await a.kill('SIGKILL');
      const name = `k${String(i)}`;
      if (await createWithFailover([a, b], 'ha', name)) acknowledged.push(name);
    }
    expect(acknowledged).toHaveLength(150);
    const deadline = Date.now() + 20_000;
    while (watch.seen.length < acknowledged.length && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    await watch.stop();
    const names = watch.seen.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual([...acknowledged].sort());
    const rvs = watch.seen.map((e) => e.rv);
    expect(rvs).toEqual([...rvs].sort((x, y) => x - y));
    a = await startApiServerProcess(dir, etcd.endpoints);
  }, 120_000);

  it('keeps writing through an etcd member killed and restarted, losing no acknowledged write', async () => {
    const acknowledged: string[] = [];
    for (let i = 0; i < 120; i++) {
      if (i === 30) await etcd.kill();
      if (i === 90) await etcd.restart();
      const name = `e${String(i)}`;
      if (await createWithFailover([a, b], 'ha', name)) acknowledged.push(name);
    }
    expect(acknowledged).toHaveLength(120);
    const r = await b.call('GET', agentsPath('ha'));
    const stored = new Set(
      (r.json as { items: { metadata: { name: string } }[] }).items.map((o) => o.metadata.name),
    );
    expect(acknowledged.filter((n) => !stored.has(n))).toEqual([]);
  }, 120_000);
});
