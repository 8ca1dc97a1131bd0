/**
 * DELETE, deletecollection, finalizers, preconditions and garbage collection (background,
 * foreground, orphan) through the real HTTPS server on both stores, with the in-process garbage
 * collector and namespace finalizer that start.ts runs.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { KubeObject, OwnerReference } from '../../api/meta.js';
import { startTestServer, type Backend, type TestServer } from '../support/apiserver.js';
import {
  V,
  agent,
  agentsPath,
  create,
  createNamespace,
  deleteWith,
  eventually,
  expectCode,
  gone,
  names,
  nsPath,
  obj,
  revision,
  writesSince,
  status,
} from '../support/api-helpers.js';

const MERGE = 'application/merge-patch+json';
jest.setTimeout(20_000);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const ownedBy = (owner: KubeObject, extra: Partial<OwnerReference> = {}): OwnerReference => ({
  apiVersion: V,
  kind: 'Agent',
  name: owner.metadata.name ?? '',
  uid: owner.metadata.uid ?? '',
  ...extra,
});

describe.each<Backend>(['embedded', 'etcd'])('delete and garbage collection on %s', (backend) => {
  let ts: TestServer;
  const path = (name = ''): string => agentsPath('d1', name);
  const del = (name: string, body?: unknown): ReturnType<TestServer['call']> =>
    body === undefined ? ts.call('DELETE', path(name)) : deleteWith(ts, path(name), body);
  /** remove the test's own finalizers, keeping any the server added */
  const release = async (name: string, ns = 'd1'): Promise<void> => {
    const current = obj(await ts.call('GET', agentsPath(ns, name)));
    const rest = (current.metadata.finalizers ?? []).filter((f) => !f.startsWith('test.io/'));
    const body = { metadata: { finalizers: rest.length > 0 ? rest : null } };
    expectCode(await ts.call('PATCH', agentsPath(ns, name), { body, contentType: MERGE }), 200);
  };

  beforeAll(async () => {
    ts = await startTestServer(backend);
    await createNamespace(ts, 'd1');
  }, 60_000);
  afterAll(async () => {
    await ts.stop();
  });

  it('deletes at once and answers a Success Status', async () => {
    const a = await create(ts, path(), agent('plain'));
    const r = await del('plain');
    expect(r.status).toBe(200);
    expect(status(r)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name: 'plain', group: 'orgplane.io', kind: 'agents', uid: a.metadata.uid },
      code: 200,
    });
    expect((await ts.call('GET', path('plain'))).status).toBe(404);
    const again = await del('plain');
    expect(again.status).toBe(404);
    expect(status(again).message).toBe('agents.orgplane.io "plain" not found');
  });

  it('marks an object with finalizers; removing the last finalizer deletes it', async () => {
    await create(ts, path(), agent('held', { model: 'm' }, { finalizers: ['test.io/a', 'test.io/b'] }));
    const r = await del('held');
    expect(r.status).toBe(200);
    const marked = obj(r);
    expect(marked.metadata.deletionTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(marked.metadata.deletionGracePeriodSeconds).toBe(0);
    expect(marked.metadata.finalizers).toEqual(['test.io/a', 'test.io/b']);
    const stored = obj(await ts.call('GET', path('held')));
    expect(stored.metadata.deletionTimestamp).toBe(marked.metadata.deletionTimestamp);
    // a second delete changes nothing
    const second = await del('held');
    expect(second.status).toBe(200);
    expect(obj(second).metadata.resourceVersion).toBe(stored.metadata.resourceVersion);
    // a finalizer cannot be added once deleting
    const add = await ts.call('PATCH', path('held'), {
      body: { metadata: { finalizers: ['test.io/a', 'test.io/b', 'test.io/c'] } },
      contentType: MERGE,
    });
    expect(add.status).toBe(422);
    expect(status(add).message).toContain(
      'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted',
    );
    // removing one keeps it, removing the last deletes it
    const one = await ts.call('PATCH', path('held'), {
      body: { metadata: { finalizers: ['test.io/b'] } },
      contentType: MERGE,
    });
    expect(one.status).toBe(200);
    expect(obj(one).metadata.finalizers).toEqual(['test.io/b']);
    await release('held');
    expect((await ts.call('GET', path('held'))).status).toBe(404);
  });

  it('checks uid and resourceVersion preconditions (409) before deleting', async () => {
    const a = await create(ts, path(), agent('pre'));
    const uid = await del('pre', { preconditions: { uid: 'wrong-uid' } });
    expect(uid.status).toBe(409);
    expect(status(uid)).toMatchObject({
      reason: 'Conflict',
      message: `Operation cannot be fulfilled on agents.orgplane.io "pre": Precondition failed: UID in precondition: wrong-uid, UID in object meta: ${a.metadata.uid ?? ''}`,
    });
    const rv = await del('pre', { preconditions: { resourceVersion: '1' } });
    expect(rv.status).toBe(409);
    expect(status(rv).message).toBe(
      `Operation cannot be fulfilled on agents.orgplane.io "pre": Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: ${a.metadata.resourceVersion ?? ''}`,
    );
    expect((await ts.call('GET', path('pre'))).status).toBe(200);
    const ok = await del('pre', {
      preconditions: { uid: a.metadata.uid, resourceVersion: a.metadata.resourceVersion },
    });
    expect(ok.status).toBe(200);
    expect((await ts.call('GET', path('pre'))).status).toBe(404);
  });

  it('refuses an unknown propagationPolicy with 400 and a dry-run delete keeps the object', async () => {
    await create(ts, path(), agent('opts'));
    const bad = await del('opts', { propagationPolicy: 'Sideways' });
    expect(bad.status).toBe(400);
    expect(status(bad).message).toBe(
      'DeleteOptions.propagationPolicy: Unsupported value: "Sideways": supported values: "Foreground", "Background", "Orphan"',
    );
    const rev = await revision(ts);
    const dry = await ts.call('DELETE', `${path('opts')}?dryRun=All`);
    expect(dry.status).toBe(200);
    expect((await ts.call('GET', path('opts'))).status).toBe(200);
    expect(await writesSince(ts, rev)).toEqual([]);
  });

  it('background: deleting the owner deletes its dependents', async () => {
    const owner = await create(ts, path(), agent('bg-owner'));
    await create(ts, path(), agent('bg-dep', { model: 'm' }, { ownerReferences: [ownedBy(owner)] }));
    const other = await create(ts, path(), agent('bg-other'));
    await create(
      ts,
      path(),
      agent('bg-two-owners', { model: 'm' }, { ownerReferences: [ownedBy(owner), ownedBy(other)] }),
    );
    expect((await del('bg-owner', { propagationPolicy: 'Background' })).status).toBe(200);
    await gone(ts, path('bg-dep'));
    // a dependent with another live owner stays
    await sleep(300);
    expect((await ts.call('GET', path('bg-two-owners'))).status).toBe(200);
  });

  it('a dependent whose owner never existed is collected', async () => {
    await create(
      ts,
      path(),
      agent(
        'orphaned-at-birth',
        { model: 'm' },
        {
          ownerReferences: [
            { apiVersion: V, kind: 'Agent', name: 'nobody', uid: '00000000-0000-4000-8000-000000000000' },
          ],
        },
      ),
    );
    await gone(ts, path('orphaned-at-birth'));
  });

  it('foreground: the owner waits for its dependents to be gone', async () => {
    const owner = await create(ts, path(), agent('fg-owner'));
    await create(
      ts,
      path(),
      agent(
        'fg-dep',
        { model: 'm' },
        {
          ownerReferences: [ownedBy(owner, { blockOwnerDeletion: true })],
          finalizers: ['test.io/hold'],
        },
      ),
    );
    const r = await del('fg-owner', { propagationPolicy: 'Foreground' });
    expect(r.status).toBe(200);
    expect(obj(r).metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(obj(r).metadata.deletionTimestamp).toBeDefined();
    // the collector deletes the dependent, which waits on its own finalizer
    await eventually(async () => {
      const dep = obj(await ts.call('GET', path('fg-dep')));
      return dep.metadata.deletionTimestamp !== undefined ? dep : undefined;
    }, 'the dependent to be marked');
    await sleep(300);
    const waiting = await ts.call('GET', path('fg-owner'));
    expect(waiting.status).toBe(200);
    expect(obj(waiting).metadata.finalizers).toEqual(['foregroundDeletion']);
    await release('fg-dep');
    await gone(ts, path('fg-owner'));
  });

  it('orphan: the owner goes, the dependent stays without the reference', async () => {
    const owner = await create(ts, path(), agent('or-owner'));
    const keep = ownedBy(await create(ts, path(), agent('or-keeper')));
    await create(ts, path(), agent('or-dep', { model: 'm' }, { ownerReferences: [ownedBy(owner)] }));
    await create(ts, path(), agent('or-dep2', { model: 'm' }, { ownerReferences: [ownedBy(owner), keep] }));
    const r = await del('or-owner', { propagationPolicy: 'Orphan' });
    expect(r.status).toBe(200);
    expect(obj(r).metadata.finalizers).toEqual(['orphan']);
    await gone(ts, path('or-owner'));
    const dep = await ts.call('GET', path('or-dep'));
    expect(dep.status).toBe(200);
    expect(obj(dep).metadata.ownerReferences).toBeUndefined();
    const dep2 = obj(await ts.call('GET', path('or-dep2')));
    expect(dep2.metadata.ownerReferences).toEqual([keep]);
  });

  it('deletecollection deletes what the label selector matches and answers the list', async () => {
    await createNamespace(ts, 'dc');
    for (const [name, team] of [
      ['t1', 'a'],
      ['t2', 'a'],
      ['t3', 'b'],
      ['t4', 'a'],
    ] as const)
      await create(ts, agentsPath('dc'), agent(name, { model: 'm' }, { labels: { team } }));
    const r = await ts.call('DELETE', `${agentsPath('dc')}?labelSelector=team%3Da`);
    expect(r.status).toBe(200);
    expect(obj(r).kind).toBe('AgentList');
    expect(names(r).sort()).toEqual(['t1', 't2', 't4']);
    expect(names(await ts.call('GET', agentsPath('dc')))).toEqual(['t3']);
  });

  it('deleting a namespace: Terminating, contents deleted, then the namespace is gone', async () => {
    await createNamespace(ts, 'doomed');
    await create(ts, agentsPath('doomed'), agent('x1'));
    await create(ts, agentsPath('doomed'), agent('x2', { model: 'm' }, { finalizers: ['test.io/hold'] }));
    const r = await ts.call('DELETE', nsPath('doomed'));
    expect(r.status).toBe(200);
    expect(obj(r).metadata.deletionTimestamp).toBeDefined();
    expect(obj(r)['spec']).toEqual({ finalizers: ['kubernetes'] });
    const ns = obj(await ts.call('GET', nsPath('doomed')));
    expect(ns['status']).toEqual({ phase: 'Terminating' });
    await gone(ts, agentsPath('doomed', 'x1'));
    const held = await eventually(async () => {
      const x2 = obj(await ts.call('GET', agentsPath('doomed', 'x2')));
      return x2.metadata.deletionTimestamp !== undefined ? x2 : undefined;
    }, 'x2 to be marked');
    expect(held.metadata.finalizers).toEqual(['test.io/hold']);
    await sleep(600);
    expect((await ts.call('GET', nsPath('doomed'))).status).toBe(200);
    await release('x2', 'doomed');
    await gone(ts, nsPath('doomed'));
    // the name is free again
    await createNamespace(ts, 'doomed');
    expect(names(await ts.call('GET', agentsPath('doomed')))).toEqual([]);
  });
});
