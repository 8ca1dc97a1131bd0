/**
 * @kubernetes/client-node against orgplane (in-process server, embedded store and etcd): an
 * informer that follows adds, updates and deletes and relists after a 410 from compacted
 * history, and KubernetesObjectApi on Agents and Organizations.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import {
  KubeConfig,
  ListWatch,
  makeInformer,
  PatchStrategy,
  type Informer,
  type KubernetesListObject,
  type KubernetesObject,
  type KubernetesObjectApi,
} from '@kubernetes/client-node';
import { startTestServer, type TestServer } from '../support/apiserver.js';
import {
  agent,
  GatedWatch,
  GV,
  meta,
  objectApi,
  ref,
  rejection,
  until,
  type Agent,
  type JsonPatchSpec,
  type Organization,
} from './client-node/clients.js';

jest.setTimeout(30_000);

const NS = 'client-node';
const PATH = `/apis/${GV}/namespaces/${NS}/agents`;

/** Record an informer's callbacks as "add x", "update x model", "delete x", and its errors. */
function record(informer: Informer<Agent>): { events: string[]; errors: unknown[] } {
  const events: string[] = [];
  const errors: unknown[] = [];
  informer.on('add', (a) => events.push(`add ${a.metadata?.name ?? ''}`));
  informer.on('update', (a) => events.push(`update ${a.metadata?.name ?? ''} ${a.spec.model}`));
  informer.on('delete', (a) => events.push(`delete ${a.metadata?.name ?? ''}`));
  informer.on('error', (e) => errors.push(e));
  return { events, errors };
}

const names = (objs: readonly KubernetesObject[]): string[] => objs.map((o) => o.metadata?.name ?? '').sort();

describe.each(['embedded', 'etcd'] as const)('client-node against orgplane on %s', (backend) => {
  let ts: TestServer;
  let kc: KubeConfig;
  let api: KubernetesObjectApi;
  const list = (): Promise<KubernetesListObject<Agent>> => api.list<Agent>(GV, 'Agent', NS);
  /** KubernetesObjectApi.patch with only what these tests vary */
  const patch = <T extends KubernetesObject>(obj: T, strategy: PatchStrategy, manager?: string): Promise<T> =>
    api.patch<T>(obj, undefined, undefined, manager, manager !== undefined ? true : undefined, strategy);

  beforeAll(async () => {
    ts = await startTestServer(backend);
    kc = new KubeConfig();
    kc.loadFromFile(ts.server.kubeconfigPath);
    api = objectApi(kc);
    await api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: meta(NS) });
  }, 60_000);
  afterAll(async () => {
    await ts.stop();
  });

  test('makeInformer sees ADDED, MODIFIED and DELETED', async () => {
    const informer = makeInformer<Agent>(kc, PATH, list);
    const { events, errors } = record(informer);
    await informer.start();
    try {
      await api.create(agent('informed', NS));
      await until('add', () => events.includes('add informed'));
      await patch(agent('informed', NS, 'changed'), PatchStrategy.MergePatch);
      await until('update', () => events.includes('update informed changed'));
      expect(informer.get('informed', NS)?.spec.model).toBe('changed');
      await api.delete(agent('informed', NS));
      await until('delete', () => events.includes('delete informed'));
      expect(events).toEqual(['add informed', 'update informed changed', 'delete informed']);
      expect(informer.list(NS)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await informer.stop();
    }
  });

  test('an informer whose resourceVersion was compacted away gets a 410 and relists', async () => {
    await api.create(agent('steady', NS));
    await api.create(agent('doomed', NS));
    const watch = new GatedWatch(kc, 1);
    const informer = new ListWatch<Agent>(PATH, watch, list, false);
    const { events, errors } = record(informer);
    await informer.start();
    try {
      expect(names(informer.list(NS))).toEqual(['doomed', 'steady']);
      // the next reconnect (after the server ends this watch) waits while history changes and is compacted
      watch.hold();
      const calls = watch.calls;
      await until('the watch to end', () => watch.calls > calls);
      await api.create(agent('newcomer', NS));
      await patch(agent('steady', NS, 'moved on'), PatchStrategy.MergePatch);
      await api.delete(agent('doomed', NS));
      await ts.server.storage.compact(await ts.server.storage.currentRevision());
      watch.open();
      await until('the relist', () => events.length >= 5);
      expect(watch.expired).toBeGreaterThanOrEqual(1);
      expect(events.slice(2).sort()).toEqual(['add newcomer', 'delete doomed', 'update steady moved on']);
      expect(names(informer.list(NS))).toEqual(['newcomer', 'steady']);
      expect(errors).toEqual([]);
    } finally {
      watch.open();
      await informer.stop();
    }
  });

  test('KubernetesObjectApi creates, reads, patches three ways, replaces, lists and deletes Agents', async () => {
    const created = await api.create(agent('crud', NS, 'm1'));
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect((await api.read<Agent>(ref('Agent', 'crud', NS))).spec.model).toBe('m1');
    const merged = await patch(
      { ...agent('crud', NS), spec: { description: 'merged' } } as Agent,
      PatchStrategy.MergePatch,
    );
    expect(merged.spec).toEqual({ model: 'm1', description: 'merged' });
    const ops: JsonPatchSpec = {
      ...agent('crud', NS),
      ops: [{ op: 'add', path: '/spec/tools', value: ['search'] }],
    };
    const patched = await patch(ops as unknown as Agent, PatchStrategy.JsonPatch);
    expect(patched.spec.tools).toEqual(['search']);
    const applied = await patch(agent('crud', NS, 'm2'), PatchStrategy.ServerSideApply, 'e2e-applier');
    expect(applied.spec.model).toBe('m2');
    const managers = applied.metadata?.managedFields?.map((f) => `${f.manager ?? ''}:${f.operation ?? ''}`);
    expect(managers).toContain('e2e-applier:Apply');
    const replaced = await api.replace<Agent>({ ...applied, spec: { model: 'm3' } });
    expect(replaced.spec).toEqual({ model: 'm3' });
    expect(replaced.metadata?.generation).toBe((applied.metadata?.generation ?? 0) + 1);
    const stale = await rejection(api.replace<Agent>({ ...applied, spec: { model: 'm4' } }));
    expect(stale.code).toBe(409);
    await api.create({ ...agent('crud-2', NS), metadata: meta('crud-2', NS, { pick: 'me' }) });
    const picked = await api.list<Agent>(
      GV,
      'Agent',
      NS,
      undefined,
      undefined,
      undefined,
      undefined,
      'pick=me',
    );
    expect(names(picked.items)).toEqual(['crud-2']);
    await api.delete(agent('crud', NS));
    await api.delete(agent('crud-2', NS));
    const gone = await rejection(api.read(ref('Agent', 'crud', NS)));
    expect(gone.code).toBe(404);
    const status = JSON.parse(gone.body) as unknown;
    expect(status).toMatchObject({ reason: 'NotFound', message: 'agents.orgplane.io "crud" not found' });
  });

  test('KubernetesObjectApi manages Organizations and reports refusals as kube Status', async () => {
    const spec = { displayName: 'Client Org', plan: 'free' };
    const org: Organization = { apiVersion: GV, kind: 'Organization', metadata: meta('client-org'), spec };
    await api.create(org);
    expect((await api.read(ref('Namespace', 'client-org'))).metadata?.name).toBe('client-org');
    const upgraded = await patch({ ...org, spec: { plan: 'professional' } }, PatchStrategy.MergePatch);
    expect(upgraded.spec).toMatchObject({ displayName: 'Client Org', plan: 'professional' });
    expect(names((await api.list<Organization>(GV, 'Organization')).items)).toContain('client-org');
    const dup = await rejection(api.create(org));
    expect(dup.code).toBe(409);
    expect(JSON.parse(dup.body)).toMatchObject({ reason: 'AlreadyExists' });
    const invalid = await rejection(api.create({ ...agent('Not_Valid', NS), spec: {} }));
    expect(invalid.code).toBe(422);
    const status = JSON.parse(invalid.body) as { reason: string; details: { causes: { field: string }[] } };
    expect(status.reason).toBe('Invalid');
    expect(status.details.causes.map((c) => c.field).sort()).toEqual(['metadata.name', 'spec.model']);
    await api.delete(org);
    // gone, or (with finalizers) marked for deletion
    const read = api.read<Organization>(ref('Organization', 'client-org'));
    const after = await read.then(
      (o) => (o.metadata?.deletionTimestamp !== undefined ? 'marked' : 'still there'),
      async () => (await rejection(read)).code,
    );
    expect([404, 'marked']).toContain(after);
  });
});
