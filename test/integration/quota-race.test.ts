/**
 * Exact quota admission under concurrency, on both stores: 50 concurrent Agent creates against a
 * quota of 10 admit exactly 10, and status.usage follows creates and deletes. The registry here
 * runs the server's admission chain plus quotaAdmission (the same plugins start.ts wires).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../api/meta.js';
import { AdmissionChain } from '../../apiserver/admission/chain.js';
import { namespaceLifecycle } from '../../apiserver/admission-plugins/namespace-lifecycle.js';
import { organizationNamespace } from '../../apiserver/admission-plugins/organization-namespace.js';
import { quotaAdmission } from '../../apiserver/admission-plugins/quota.js';
import { isApiError } from '../../apiserver/errors/status.js';
import { namespaceHooks } from '../../apiserver/kinds/namespace.js';
import { Registry } from '../../apiserver/registry/registry.js';
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

  beforeAll(async () => {
    ts = await startTestServer(backend);
    const deps = ts.server.registry.deps;
    const admission = new AdmissionChain([
      namespaceLifecycle(deps.storage),
      organizationNamespace({
        storage: deps.storage,
        namespaceResource: () => deps.catalog.lookup('', 'v1', 'namespaces'),
        namespaceHooks,
        now: deps.now,
      }),
      quotaAdmission(deps.storage),
    ]);
    const registry = new Registry({ ...deps, admission });
    const lookup = (plural: string): Store => {
      const res = deps.catalog.lookup('orgplane.io', 'v1alpha1', plural);
      if (!res) throw new Error(`${plural} not served`);
      return registry.store(res);
    };
    agents = lookup('agents');
    orgs = lookup('organizations');
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
});
