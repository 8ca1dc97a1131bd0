/**
 * The watch cache behind the real API server on both stores: a list or get without
 * resourceVersion sees every acknowledged write (read-your-writes), a watcher that stops reading
 * is ended with 410 while the others continue, and the cache's metrics are exported.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KubeObject, WatchEvent } from '../../api/meta.js';
import { matchEverything } from '../../apiserver/cache/filter.js';
import { startTestServer, type Backend, type TestServer } from '../support/apiserver.js';
import {
  agent,
  agentsPath,
  create,
  createNamespace,
  list,
  names,
  obj,
  openWatch,
} from '../support/api-helpers.js';

const QUEUE = 5;

describe.each<Backend>(['embedded', 'etcd'])('watch cache on %s', (backend) => {
  let ts: TestServer;

  beforeAll(async () => {
    ts = await startTestServer(backend, { watchCache: { watcherQueue: QUEUE } });
    await createNamespace(ts, 'ryw');
    await createNamespace(ts, 'slow');
  }, 60_000);
  afterAll(() => ts.stop());

  it('read-your-writes: a list or get without resourceVersion includes what was just acknowledged', async () => {
    for (let i = 0; i < 20; i++) {
      const name = `a${String(i)}`;
      const created = await create(ts, agentsPath('ryw'), agent(name));
      const listed = await ts.call('GET', agentsPath('ryw'));
      expect(names(listed)).toContain(name);
      expect(Number(list(listed).metadata.resourceVersion)).toBeGreaterThanOrEqual(
        Number(created.metadata.resourceVersion),
      );
      const got = obj(await ts.call('GET', agentsPath('ryw', name)));
      expect(got.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
      const patched = await ts.call('PATCH', agentsPath('ryw', name), {
        body: { spec: { model: 'm2' } },
        contentType: 'application/merge-patch+json',
      });
      const after = obj(await ts.call('GET', agentsPath('ryw', name)));
      expect(after.metadata.resourceVersion).toBe(obj(patched).metadata.resourceVersion);
      expect(after.spec).toEqual({ model: 'm2' });
    }
  });

  it('ends a watcher that stops reading with 410, while the others receive every event', async () => {
    const rv = list(await ts.call('GET', agentsPath('slow'))).metadata.resourceVersion ?? '';
    const res = ts.server.registry.catalog.lookup('orgplane.io', 'v1alpha1', 'agents');
    if (!res) throw new Error('agents not served');
    const stalled = ts.server.registry.store(res).watch({
      namespace: 'slow',
      filter: matchEverything,
      resourceVersion: rv,
    });
    const it = stalled[Symbol.asyncIterator]();
    const first = it.next(); // registers the watcher, then nobody reads it
    const healthy = await openWatch(ts, `${agentsPath('slow')}?watch=true&resourceVersion=${rv}`);
    const n = QUEUE * 4;
    for (let i = 0; i < n; i++) await create(ts, agentsPath('slow'), agent(`s${String(i)}`));
    const seen = await healthy.take(n, 10_000);
    expect(seen.map((e) => e.object.metadata.name)).toEqual(
      Array.from({ length: n }, (_, i) => `s${String(i)}`),
    );
    healthy.close();
    const got: WatchEvent<KubeObject>[] = [];
    for (let r = await first; r.done !== true; r = await it.next()) got.push(r.value);
    expect(got.length).toBeLessThan(n);
    expect(got[got.length - 1]).toMatchObject({ type: 'ERROR', object: { code: 410, reason: 'Expired' } });
  });

  it('sendInitialEvents: the objects, then a BOOKMARK marked k8s.io/initial-events-end, then changes', async () => {
    await createNamespace(ts, 'init');
    await create(ts, agentsPath('init'), agent('i1'));
    const w = await openWatch(
      ts,
      `${agentsPath('init')}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`,
    );
    const [added, end] = await w.take(2);
    expect(added).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'i1' } } });
    expect(end).toMatchObject({
      type: 'BOOKMARK',
      object: { kind: 'Agent', metadata: { annotations: { 'k8s.io/initial-events-end': 'true' } } },
    });
    expect(Number(end?.object.metadata.resourceVersion)).toBeGreaterThanOrEqual(
      Number(added?.object.metadata.resourceVersion),
    );
    await create(ts, agentsPath('init'), agent('i2'));
    expect(await w.next()).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'i2' } } });
    w.close();
  });

  it('exports the watch cache metrics under kube names', async () => {
    const r = await ts.call('GET', '/metrics');
    expect(r.status).toBe(200);
    for (const m of [
      'apiserver_watch_cache_events_received_total{group="orgplane.io",resource="agents"}',
      'apiserver_watch_cache_resource_version{group="orgplane.io",resource="agents"}',
      'apiserver_watch_cache_capacity{group="orgplane.io",resource="agents"}',
      'apiserver_terminated_watchers_total{group="orgplane.io",resource="agents"} 1',
    ])
      expect(r.text).toContain(m);
  });
});
