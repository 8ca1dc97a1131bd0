/**
 * Watch streams through the real HTTPS server on both stores: headers before events, ordered
 * ADDED/MODIFIED/DELETED from a list's resourceVersion, field and label selectors (an object that
 * stops matching is DELETED), timeoutSeconds, Table events, and 410 for a compacted revision.
 * Bookmarks are not covered: their 15 s interval is not injectable through startTestServer.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestServer, type Backend, type TestServer } from '../support/apiserver.js';
import {
  BASE,
  TABLE_ACCEPT,
  agent,
  agentsPath,
  create,
  createNamespace,
  list,
  openWatch,
  status,
  type WatchStream,
} from '../support/api-helpers.js';

const MERGE = 'application/merge-patch+json';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe.each<Backend>(['embedded', 'etcd'])('watch on %s', (backend) => {
  let ts: TestServer;
  const open: WatchStream[] = [];
  const watch = async (path: string, accept?: string): Promise<WatchStream> => {
    const w = await openWatch(ts, path, accept);
    open.push(w);
    return w;
  };
  const listRV = async (path: string): Promise<string> =>
    list(await ts.call('GET', path)).metadata.resourceVersion ?? '';
  const patchAgent = (ns: string, name: string, body: unknown): ReturnType<TestServer['call']> =>
    ts.call('PATCH', agentsPath(ns, name), { body, contentType: MERGE });

  beforeAll(async () => {
    ts = await startTestServer(backend);
    await createNamespace(ts, 'w1');
    await createNamespace(ts, 'w2');
  }, 60_000);
  afterAll(async () => {
    for (const w of open) w.close();
    await ts.stop();
  });

  it('flushes headers before any event', async () => {
    const rv = await listRV(agentsPath('w1'));
    const w = await watch(`${agentsPath('w1')}?watch=true&resourceVersion=${rv}`);
    expect(w.status).toBe(200);
    expect(w.headers['content-type']).toMatch(/^application\/json/);
    await sleep(100);
    expect(w.buffered()).toBe(0);
    w.close();
  });

  it('sees ADDED, MODIFIED and DELETED in order from a list resourceVersion', async () => {
    const rv = await listRV(agentsPath('w1'));
    const w = await watch(`${agentsPath('w1')}?watch=true&resourceVersion=${rv}`);
    await create(ts, agentsPath('w1'), agent('e1'));
    await patchAgent('w1', 'e1', { spec: { model: 'm2' } });
    await ts.call('DELETE', agentsPath('w1', 'e1'));
    const events = await w.take(3);
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
    expect(events.map((e) => e.object.metadata.name)).toEqual(['e1', 'e1', 'e1']);
    expect(events[1]?.object['spec']).toEqual({ model: 'm2' });
    const rvs = events.map((e) => Number(e.object.metadata.resourceVersion));
    expect(rvs[0]).toBeGreaterThan(Number(rv));
    expect(rvs[1]).toBeGreaterThan(rvs[0] ?? 0);
    expect(rvs[2]).toBeGreaterThan(rvs[1] ?? 0);
    expect(events[0]?.object).toMatchObject({ apiVersion: 'orgplane.io/v1alpha1', kind: 'Agent' });
  });

  it('replays history from an older resourceVersion', async () => {
    const rv = await listRV(agentsPath('w1'));
    await create(ts, agentsPath('w1'), agent('past'));
    await patchAgent('w1', 'past', { metadata: { labels: { x: 'y' } } });
    const w = await watch(`${agentsPath('w1')}?watch=true&resourceVersion=${rv}`);
    const events = await w.take(2);
    expect(events.map((e) => [e.type, e.object.metadata.name])).toEqual([
      ['ADDED', 'past'],
      ['MODIFIED', 'past'],
    ]);
  });

  it('without a resourceVersion starts with ADDED events for what exists', async () => {
    await createNamespace(ts, 'w-init');
    await create(ts, agentsPath('w-init'), agent('i1'));
    await create(ts, agentsPath('w-init'), agent('i2'));
    const w = await watch(`${agentsPath('w-init')}?watch=true`);
    const events = await w.take(2);
    expect(events.map((e) => [e.type, e.object.metadata.name]).sort()).toEqual([
      ['ADDED', 'i1'],
      ['ADDED', 'i2'],
    ]);
    await create(ts, agentsPath('w-init'), agent('i3'));
    expect((await w.next()).object.metadata.name).toBe('i3');
  });

  it('filters by fieldSelector metadata.name', async () => {
    const rv = await listRV(agentsPath('w1'));
    const w = await watch(
      `${agentsPath('w1')}?watch=true&resourceVersion=${rv}&fieldSelector=metadata.name%3Dpicked`,
    );
    await create(ts, agentsPath('w1'), agent('ignored'));
    await create(ts, agentsPath('w1'), agent('picked'));
    await patchAgent('w1', 'ignored', { spec: { model: 'x' } });
    await ts.call('DELETE', agentsPath('w1', 'picked'));
    const events = await w.take(2);
    expect(events.map((e) => [e.type, e.object.metadata.name])).toEqual([
      ['ADDED', 'picked'],
      ['DELETED', 'picked'],
    ]);
    await sleep(200);
    expect(w.buffered()).toBe(0);
  });

  it('an object that stops matching a label selector is DELETED; one that starts matching is ADDED', async () => {
    await create(ts, agentsPath('w1'), agent('lab', { model: 'm' }, { labels: { tier: 'front' } }));
    const rv = await listRV(agentsPath('w1'));
    const w = await watch(`${agentsPath('w1')}?watch=true&resourceVersion=${rv}&labelSelector=tier%3Dfront`);
    await patchAgent('w1', 'lab', { spec: { model: 'm2' } });
    await patchAgent('w1', 'lab', { metadata: { labels: { tier: 'back' } } });
    await patchAgent('w1', 'lab', { spec: { model: 'm3' } });
    await patchAgent('w1', 'lab', { metadata: { labels: { tier: 'front' } } });
    const events = await w.take(3);
    expect(events.map((e) => e.type)).toEqual(['MODIFIED', 'DELETED', 'ADDED']);
    expect(events[1]?.object.metadata.labels).toEqual({ tier: 'back' });
    expect(events[2]?.object['spec']).toEqual({ model: 'm3' });
  });

  it('watches across namespaces', async () => {
    const rv = await listRV(`${BASE}/agents`);
    const w = await watch(`${BASE}/agents?watch=true&resourceVersion=${rv}`);
    await create(ts, agentsPath('w2'), agent('x-ns'));
    await create(ts, agentsPath('w1'), agent('x-ns'));
    const events = await w.take(2);
    expect(events.map((e) => `${e.object.metadata.namespace ?? ''}/${e.object.metadata.name ?? ''}`)).toEqual(
      ['w2/x-ns', 'w1/x-ns'],
    );
  });

  it('ends the stream after timeoutSeconds', async () => {
    const started = Date.now();
    const w = await watch(
      `${agentsPath('w1')}?watch=true&resourceVersion=${await listRV(agentsPath('w1'))}&timeoutSeconds=1`,
    );
    expect(await w.ended(5_000)).toEqual([]);
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(900);
    expect(took).toBeLessThan(3_000);
  });

  it('streams Table events with column definitions only in the first', async () => {
    const rv = await listRV(agentsPath('w1'));
    const w = await watch(`${agentsPath('w1')}?watch=true&resourceVersion=${rv}`, TABLE_ACCEPT);
    await create(ts, agentsPath('w1'), agent('tab1', { model: 'gpt' }));
    await create(ts, agentsPath('w1'), agent('tab2', { model: 'claude' }));
    const [first, second] = await w.take(2);
    const t1 = first?.object as unknown as {
      kind: string;
      columnDefinitions: { name: string }[];
      rows: { cells: unknown[] }[];
    };
    const t2 = second?.object as unknown as {
      columnDefinitions?: unknown[] | null;
      rows: { cells: unknown[] }[];
    };
    expect(t1.kind).toBe('Table');
    expect(t1.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Model', 'Phase', 'Description', 'Age']);
    expect(t1.rows[0]?.cells.slice(0, 2)).toEqual(['tab1', 'gpt']);
    expect(t2.columnDefinitions ?? []).toEqual([]);
    expect(t2.rows[0]?.cells.slice(0, 2)).toEqual(['tab2', 'claude']);
  });

  it('answers a compacted resourceVersion with a 410 ERROR event and ends', async () => {
    const old = await listRV(agentsPath('w1'));
    await create(ts, agentsPath('w1'), agent('before-compact'));
    await patchAgent('w1', 'before-compact', { spec: { model: 'z' } });
    const current = await ts.server.storage.currentRevision();
    await ts.server.storage.compact(current);
    const w = await watch(`${agentsPath('w1')}?watch=true&resourceVersion=${old}`);
    expect(w.status).toBe(200);
    const events = await w.ended(5_000);
    expect(events).toHaveLength(1);
    expect(events[0]?.type).toBe('ERROR');
    expect(events[0]?.object).toMatchObject({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      reason: 'Expired',
      code: 410,
    });
    expect((events[0]?.object as unknown as { message: string }).message).toMatch(
      new RegExp(`^too old resource version: ${old} \\(\\d+\\)$`),
    );
  });

  it('refuses a malformed resourceVersion before streaming', async () => {
    const r = await ts.call('GET', `${agentsPath('w1')}?watch=true&resourceVersion=abc`);
    expect(r.status).toBe(400);
    expect(status(r).reason).toBe('BadRequest');
  });
});
