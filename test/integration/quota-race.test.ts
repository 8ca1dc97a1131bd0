/**
 * Exact quota admission under concurrency, on both stores: 50 concurrent Agent creates against a
 * quota of 10 admit exactly 10, also when they go into two sibling teams under a parent team with
 * that quota, and status.usage follows creates and deletes. Writes go through the running
 * server's own registry, so its whole admission chain (quota included) decides.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../api/meta.js';
import { isApiError } from '../../apiserver/errors/status.js';
import type { Store } from '../../apiserver/registry/store.js';
import type { WriteOptions } from '../../apiserver/registry/types.js';
import { startTestServer, type Backend, type TestServer } from '../support/apiserver.js';

const admin = { username: 'admin', groups: ['system:masters'] };
const opts = (dryRun = false): WriteOptions => ({
  dryRun,
  fieldManager: 'test',
  fieldValidation: 'Strict',
  user: admin,
  subresource: '',
});

const agent = (name: string): KubeObject => ({
  apiVersion: 'orgplane.io/v1alpha1',
  kind: 'Agent',
  metadata: { name },
  spec: { model: 'm' },
});

const org = (name: string, quota: Record<string, number>): KubeObject => ({
  apiVersion: 'orgplane.io/v1alpha1',
  kind: 'Organization',
  metadata: { name },
  spec: { quota },
});

const usageOf = (o: KubeObject): Record<string, number> =>
  (o['status'] as { usage?: Record<string, number> } | undefined)?.usage ?? {};

describe.each<Backend>(['embedded', 'etcd'])('quota admission on %s', (backend) => {
  let ts: TestServer;
  let agents: Store;
  let orgs: Store;
  let teams: Store;

  beforeAll(async () => {
    ts = await startTestServer(backend);
    const registry = ts.server.registry;
    const lookup = (plural: string): Store => {
      const res = registry.catalog.lookup('orgplane.io', 'v1alpha1', plural);
      if (!res) throw new Error(`${plural} not served`);
      return registry.store(res);
    };
    agents = lookup('agents');
    orgs = lookup('organizations');
    teams = lookup('teams');
  }, 60_000);

  afterAll(async () => {
    await ts.stop();
  });

  it('admits exactly 10 of 50 concurrent creates against a quota of 10', async () => {
    await orgs.create('', org('quota-org', { agents: 10 }), opts());
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => agents.create('quota-org', agent(`q-${String(i + 1)}`), opts())),
    );
    const admitted = results.filter((r) => r.status === 'fulfilled');
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(admitted).toHaveLength(10);
    expect(refused).toHaveLength(40);
    for (const err of refused) {
      expect(isApiError(err) && err.code).toBe(403);
      expect(isApiError(err) && err.status.reason).toBe('Forbidden');
      expect(isApiError(err) && err.message).toMatch(
        /^agents\.orgplane\.io "q-\d+" is forbidden: exceeded quota: agents, requested: 1, used: 10, limited: 10$/,
      );
    }
    const stored = await agents.list({ namespace: 'quota-org', filter: () => true });
    expect(stored.items).toHaveLength(10);
    expect(usageOf(await orgs.get('', 'quota-org'))).toEqual({ agents: 10 });
  }, 120_000);

  it('decrements on delete and admits again up to the quota', async () => {
    const names = (await agents.list({ namespace: 'quota-org', filter: () => true })).items.map(
      (o) => o.metadata.name ?? '',
    );
    for (const name of names.slice(0, 3)) {
      await agents.delete({ namespace: 'quota-org', name, dryRun: false, user: admin });
    }
    expect(usageOf(await orgs.get('', 'quota-org'))['agents']).toBe(7);
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => agents.create('quota-org', agent(`r-${String(i)}`), opts())),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(usageOf(await orgs.get('', 'quota-org'))['agents']).toBe(10);
  }, 60_000);

  it('dry runs check the quota but change nothing', async () => {
    const before = await orgs.get('', 'quota-org');
    await expect(agents.create('quota-org', agent('dry'), opts(true))).rejects.toMatchObject({
      message: expect.stringContaining('exceeded quota: agents') as unknown,
    });
    const victim = (await agents.list({ namespace: 'quota-org', filter: () => true })).items[0];
    await agents.delete({
      namespace: 'quota-org',
      name: victim?.metadata.name ?? '',
      dryRun: true,
      user: admin,
    });
    const after = await orgs.get('', 'quota-org');
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    expect(usageOf(after)['agents']).toBe(10);
  });

  it('initialises usage by counting existing objects when it is absent', async () => {
    await orgs.create('', org('late-quota', {}), opts());
    await agents.create('late-quota', agent('pre-1'), opts());
    await agents.create('late-quota', agent('pre-2'), opts());
    expect(usageOf(await orgs.get('', 'late-quota'))).toEqual({});
    const current = await orgs.get('', 'late-quota');
    await orgs.update('', 'late-quota', { ...current, spec: { quota: { agents: 3 } } }, opts());
    await agents.create('late-quota', agent('third'), opts());
    expect(usageOf(await orgs.get('', 'late-quota'))).toEqual({ agents: 3 });
    await expect(agents.create('late-quota', agent('fourth'), opts())).rejects.toMatchObject({
      message:
        'agents.orgplane.io "fourth" is forbidden: exceeded quota: agents, requested: 1, used: 3, limited: 3',
    });
  });

  it('never counts below zero and ignores namespaces without an organization', async () => {
    const current = await orgs.get('', 'late-quota');
    await orgs.update(
      '',
      'late-quota',
      { ...current, status: { usage: { agents: 0 } } },
      { ...opts(), subresource: 'status' },
    );
    await agents.delete({ namespace: 'late-quota', name: 'pre-1', dryRun: false, user: admin });
    expect(usageOf(await orgs.get('', 'late-quota'))['agents']).toBe(0);
    const nsRes = ts.server.registry.catalog.lookup('', 'v1', 'namespaces');
    if (!nsRes) throw new Error('namespaces not served');
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'plain' } };
    await ts.server.registry.store(nsRes).create('', ns, opts());
    await expect(agents.create('plain', agent('free'), opts())).resolves.toMatchObject({ created: true });
  });

  it('admits exactly 10 of 50 concurrent creates into two sibling teams under a parent quota of 10', async () => {
    const team = (name: string, spec: Record<string, unknown>): KubeObject => ({
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Team',
      metadata: { name, namespace: 'tree-org' },
      spec,
    });
    await orgs.create('', org('tree-org', { agents: 100 }), opts());
    await teams.create('tree-org', team('parent', { quota: { agents: 10 } }), opts());
    await teams.create('tree-org', team('left', { parent: 'parent' }), opts());
    await teams.create('tree-org', team('right', { parent: 'parent', quota: { agents: 40 } }), opts());
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        agents.create(i % 2 === 0 ? 'tree-org-left' : 'tree-org-right', agent(`s-${String(i)}`), opts()),
      ),
    );
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    for (const err of refused)
      expect(isApiError(err) && err.message).toMatch(
        /exceeded quota: agents of team parent, requested: 1, used: 10, limited: 10$/,
      );
    const listed = await Promise.all(
      ['tree-org-left', 'tree-org-right'].map((namespace) => agents.list({ namespace, filter: () => true })),
    );
    const stored = { items: listed.flatMap((l) => l.items) };
    expect(stored.items).toHaveLength(10);
    expect(usageOf(await teams.get('tree-org', 'parent'))['agents']).toBe(10);
    expect(usageOf(await orgs.get('', 'tree-org'))['agents']).toBe(10);
    const right = stored.items.filter((o) => o.metadata.namespace === 'tree-org-right').length;
    expect(usageOf(await teams.get('tree-org', 'right'))['agents'] ?? 0).toBe(right); // unrecorded: none admitted
  }, 120_000);
});
