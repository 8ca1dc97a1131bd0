/**
 * core/v1 Namespaces and Organizations through the real HTTPS server on both stores: creation,
 * validation, selectors, Table output, the Organization's namespace, and the Terminating path
 * that empties every kind in a namespace before the namespace goes.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestServer, type Backend, type TestServer } from '../support/apiserver.js';
import {
  TABLE_ACCEPT,
  agent,
  agentsPath,
  create,
  createNamespace,
  eventually,
  gone,
  names,
  namespace,
  nsPath,
  obj,
  organization,
  orgsPath,
  status,
} from '../support/api-helpers.js';

const MERGE = 'application/merge-patch+json';

describe.each<Backend>(['embedded', 'etcd'])('namespaces on %s', (backend) => {
  let ts: TestServer;

  beforeAll(async () => {
    ts = await startTestServer(backend);
  }, 60_000);
  afterAll(async () => {
    await ts.stop();
  });

  it('creates an Active namespace with the kubernetes finalizer and the name label', async () => {
    const r = await ts.call('POST', nsPath(), { body: namespace('n1', { labels: { team: 'a' } }) });
    expect(r.status).toBe(201);
    expect(obj(r)).toMatchObject({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'n1', labels: { team: 'a', 'kubernetes.io/metadata.name': 'n1' } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
    expect(obj(r).metadata.namespace).toBeUndefined();
  });

  it('refuses names that are not DNS-1123 labels with one cause each', async () => {
    const dots = await ts.call('POST', nsPath(), { body: namespace('a.b') });
    expect(dots.status).toBe(422);
    expect(status(dots).message).toBe(
      'Namespace "a.b" is invalid: metadata.name: Invalid value: "a.b": must not contain dots',
    );
    expect(status(dots).details?.causes).toHaveLength(1);
    const upper = await ts.call('POST', nsPath(), { body: namespace('Upper') });
    expect(upper.status).toBe(422);
    expect(status(upper).message).toBe(
      "Namespace \"Upper\" is invalid: metadata.name: Invalid value: \"Upper\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    );
    const long = await ts.call('POST', nsPath(), { body: namespace('n'.repeat(64)) });
    expect(long.status).toBe(422);
    expect(status(long).message).toContain('must be no more than 63 characters');
  });

  it('keeps status and spec.finalizers on update; labels change, the name label stays', async () => {
    const current = obj(await ts.call('GET', nsPath('n1')));
    const r = await ts.call('PUT', nsPath('n1'), {
      body: {
        ...current,
        metadata: { ...current.metadata, labels: { team: 'b' } },
        spec: { finalizers: [] },
        status: { phase: 'Terminating' },
      },
    });
    expect(r.status).toBe(200);
    expect(obj(r)).toMatchObject({
      metadata: { labels: { team: 'b', 'kubernetes.io/metadata.name': 'n1' }, generation: 1 },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
    const label = await ts.call('PATCH', nsPath('n1'), {
      body: { metadata: { labels: { team: null } } },
      contentType: MERGE,
    });
    expect(obj(label).metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'n1' });
  });

  it('lists with label and field selectors, and as a Table', async () => {
    await createNamespace(ts, 'n2');
    expect(
      names(await ts.call('GET', `${nsPath()}?labelSelector=kubernetes.io%2Fmetadata.name%3Dn2`)),
    ).toEqual(['n2']);
    expect(names(await ts.call('GET', `${nsPath()}?fieldSelector=metadata.name%3Dn1`))).toEqual(['n1']);
    expect(names(await ts.call('GET', `${nsPath()}?fieldSelector=status.phase%3DActive`))).toEqual(
      expect.arrayContaining(['n1', 'n2']),
    );
    const bad = await ts.call('GET', `${nsPath()}?fieldSelector=metadata.namespace%3Dx`);
    expect(bad.status).toBe(400);
    expect(status(bad).message).toBe('field label not supported: metadata.namespace');
    const t = (await ts.call('GET', `${nsPath()}?fieldSelector=metadata.name%3Dn2`, { accept: TABLE_ACCEPT }))
      .json as {
      columnDefinitions: { name: string }[];
      rows: { cells: unknown[] }[];
    };
    expect(t.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Status', 'Age']);
    expect(t.rows[0]?.cells.slice(0, 2)).toEqual(['n2', 'Active']);
  });

  it('an Organization creates its namespace, the root of its tree, or adopts an existing one', async () => {
    const org = await create(ts, orgsPath(), organization('org-new'));
    const ns = obj(await ts.call('GET', nsPath('org-new')));
    expect(ns.metadata.labels).toEqual({
      'orgplane.io/organization': 'org-new',
      'org-new.tree.orgplane.io/depth': '0',
      'kubernetes.io/metadata.name': 'org-new',
    });
    expect(ns.metadata.resourceVersion).toBe(org.metadata.resourceVersion);
    const existing = await createNamespace(ts, 'org-old');
    await create(ts, orgsPath(), organization('org-old'));
    const adopted = obj(await ts.call('GET', nsPath('org-old')));
    expect(adopted.metadata.uid).toBe(existing.metadata.uid);
  });

  it('a refused Organization creates no namespace', async () => {
    const r = await ts.call('POST', orgsPath(), { body: organization('org-bad', { plan: 5 }) });
    expect(r.status).toBe(422);
    expect((await ts.call('GET', nsPath('org-bad'))).status).toBe(404);
  });

  it('an Organization whose namespace is terminating is refused with 409', async () => {
    await createNamespace(ts, 'org-late');
    await create(ts, agentsPath('org-late'), agent('hold', { model: 'm' }, { finalizers: ['test.io/hold'] }));
    await ts.call('DELETE', nsPath('org-late'));
    const r = await ts.call('POST', orgsPath(), { body: organization('org-late') });
    expect(r.status).toBe(409);
    expect(status(r)).toMatchObject({
      reason: 'Conflict',
      message:
        'Operation cannot be fulfilled on organizations.orgplane.io "org-late": namespace org-late is being terminated; try again once it is gone',
    });
    expect((await ts.call('GET', orgsPath('org-late'))).status).toBe(404);
    await ts.call('PATCH', agentsPath('org-late', 'hold'), {
      body: { metadata: { finalizers: null } },
      contentType: MERGE,
    });
    await gone(ts, nsPath('org-late'));
  });

  it('deleting a namespace empties every kind in it, then removes it', async () => {
    await createNamespace(ts, 'bye');
    await create(ts, agentsPath('bye'), agent('a1'));
    await create(ts, '/api/v1/namespaces/bye/events', {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'ev1' },
      involvedObject: { kind: 'Agent', name: 'a1', namespace: 'bye' },
      reason: 'Test',
    });
    await create(ts, '/apis/rbac.authorization.k8s.io/v1/namespaces/bye/roles', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'r1' },
      rules: [{ apiGroups: [''], resources: ['events'], verbs: ['get'] }],
    });
    const r = await ts.call('DELETE', nsPath('bye'));
    expect(r.status).toBe(200);
    expect(obj(r)).toMatchObject({ status: { phase: 'Terminating' } });
    expect(obj(r).metadata.deletionTimestamp).toBeDefined();
    await gone(ts, nsPath('bye'));
    for (const p of [
      agentsPath('bye', 'a1'),
      '/api/v1/namespaces/bye/events/ev1',
      '/apis/rbac.authorization.k8s.io/v1/namespaces/bye/roles/r1',
    ])
      expect((await ts.call('GET', p)).status).toBe(404);
    const raw = await ts.server.storage.list('/registry/', {});
    // audit events outlive their namespace (DESIGN); nothing else does
    expect(raw.items.filter((kv) => kv.key.includes('/bye/') && !kv.key.includes('/auditevents/'))).toEqual(
      [],
    );
  });

  it('a deleted namespace refuses new content while terminating, then is gone', async () => {
    await createNamespace(ts, 'closing');
    await create(ts, agentsPath('closing'), agent('stay', { model: 'm' }, { finalizers: ['test.io/hold'] }));
    await ts.call('DELETE', nsPath('closing'));
    const refused = await ts.call('POST', agentsPath('closing'), { body: agent('new') });
    expect(refused.status).toBe(403);
    const phase = await eventually(async () => {
      const ns = obj(await ts.call('GET', nsPath('closing')));
      return (ns['status'] as { phase?: string }).phase === 'Terminating' ? 'Terminating' : undefined;
    }, 'Terminating');
    expect(phase).toBe('Terminating');
    await ts.call('PATCH', agentsPath('closing', 'stay'), {
      body: { metadata: { finalizers: null } },
      contentType: MERGE,
    });
    await gone(ts, nsPath('closing'));
  });
});
