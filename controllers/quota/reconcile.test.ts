import { beforeEach, describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../api/meta.js';
import { findStatusCondition } from '../runtime/conditions.js';
import { AGENTS, ORGANIZATIONS, ROLE_BINDINGS } from '../runtime/resources.js';
import { FakeClient } from '../testing/fake-client.js';
import { FakeClock } from '../testing/fake-clock.js';
import { RecordingEvents } from '../testing/events.js';
import { fakeListers } from '../testing/lister.js';
import { QUOTA_SUSPENDED_ANNOTATION } from '../names.js';
import type { Organization } from '../types.js';
import { QuotaReconciler } from './reconcile.js';

let api: FakeClient;
let events: RecordingEvents;
let r: QuotaReconciler;
let clock: FakeClock;
let listers: ReturnType<typeof fakeListers>;
let seconds = 0;

beforeEach(() => {
  api = new FakeClient();
  events = new RecordingEvents();
  clock = new FakeClock();
  listers = fakeListers(api);
  r = new QuotaReconciler({
    client: api,
    events,
    clock,
    listers,
  });
  seconds = 0;
});

const org = (quota: Record<string, number>, usage?: Record<string, number>): void => {
  api.seed<Organization>(ORGANIZATIONS, {
    apiVersion: 'orgplane.io/v1alpha1',
    kind: 'Organization',
    metadata: { name: 'acme' },
    spec: { quota },
    ...(usage ? { status: { usage } } : {}),
  });
};
const agents = (...names: string[]): void => {
  for (const name of names)
    api.seed(AGENTS, {
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Agent',
      metadata: {
        name,
        namespace: 'acme',
        creationTimestamp: new Date(Date.UTC(2025, 0, 1, 0, 0, seconds++)).toISOString(),
      },
      spec: { model: 'm' },
    });
};
const get = (): Organization | undefined => api.peek<Organization>(ORGANIZATIONS, 'acme');
const condition = () => findStatusCondition(get()?.status?.conditions, 'QuotaExceeded');
const setQuota = (agentsMax: number) =>
  api.mergePatch(ORGANIZATIONS, 'acme', undefined, { spec: { quota: { agents: agentsMax } } });
const suspended = (): string[] =>
  api
    .peekAll(AGENTS)
    .filter((a: KubeObject) => a.metadata.annotations?.[QUOTA_SUSPENDED_ANNOTATION] !== undefined)
    .map((a: KubeObject) => a.metadata.name ?? '')
    .sort();

describe('QuotaReconciler', () => {
  it('recounts usage, repairing drift, and reports QuotaExceeded False', async () => {
    org({ agents: 10, 'widgets.example.com': 3 }, { agents: 7, 'widgets.example.com': 1 });
    agents('a', 'b', 'c');
    await r.reconcile('acme');
    expect(get()?.status?.usage).toEqual({ agents: 3, 'widgets.example.com': 1 });
    expect(condition()).toMatchObject({ status: 'False', reason: 'WithinQuota' });
    expect(events.take()).toEqual([]);
  });

  it('counts role bindings only while they are quoted', async () => {
    org({});
    api.seed(ROLE_BINDINGS, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'rb', namespace: 'acme' },
    });
    await r.reconcile('acme');
    expect(get()?.status?.usage).toEqual({ agents: 0 });
    await api.mergePatch(ORGANIZATIONS, 'acme', undefined, {
      spec: { quota: { 'rolebindings.rbac.authorization.k8s.io': 4 } },
    });
    await r.reconcile('acme');
    expect(get()?.status?.usage).toEqual({ agents: 0, 'rolebindings.rbac.authorization.k8s.io': 1 });
  });

  it('records QuotaWarning at 80 % and QuotaExceeded at 100 %, once per crossing', async () => {
    org({ agents: 5 });
    agents('a', 'b', 'c');
    await r.reconcile('acme');
    agents('d');
    await r.reconcile('acme');
    await r.reconcile('acme');
    expect(events.take()).toEqual(['QuotaWarning']);
    expect(condition()).toMatchObject({
      status: 'False',
      reason: 'NearQuota',
      message: 'usage is close to quota: agents: 4 of 5',
    });
    agents('e');
    await r.reconcile('acme');
    await r.reconcile('acme');
    expect(events.events.map((e) => [e.type, e.reason, e.message])).toEqual([
      ['Warning', 'QuotaExceeded', 'Quota reached: agents: 5 of 5'],
    ]);
    events.take();
    await api.delete(AGENTS, 'e', 'acme');
    await api.delete(AGENTS, 'd', 'acme');
    await r.reconcile('acme');
    agents('f');
    await r.reconcile('acme');
    expect(events.take()).toEqual(['QuotaWarning']);
  });

  it('suspends the newest excess agents when the quota is lowered, and resumes them when raised', async () => {
    org({ agents: 5 });
    agents('a', 'b', 'c', 'd', 'e');
    await r.reconcile('acme');
    events.take();
    await setQuota(2);
    await r.reconcile('acme');
    expect(condition()).toMatchObject({
      status: 'True',
      reason: 'OverQuota',
      message: 'usage is above quota: agents: 5 of 2',
    });
    expect(suspended()).toEqual(['c', 'd', 'e']);
    expect(events.take()).toEqual(['AgentSuspended', 'AgentSuspended', 'AgentSuspended']);
    await api.delete(AGENTS, 'a', 'acme');
    await r.reconcile('acme');
    expect(suspended()).toEqual(['d', 'e']);
    expect(events.take()).toEqual(['AgentResumed']);
    await setQuota(10);
    await r.reconcile('acme');
    expect(suspended()).toEqual([]);
    expect(condition()).toMatchObject({ status: 'False', reason: 'WithinQuota' });
  });

  it('writes usage guarded by the Organization it read: a create admitted meanwhile makes it recount', async () => {
    org({ agents: 5 }, { agents: 1 });
    agents('a', 'x');
    const calls: string[] = [];
    api.reactors.push((action) => {
      calls.push(`${action.verb} ${action.resource}`);
      if (action.verb !== 'patch' || calls.length > 1) return;
      agents('b');
      const admitted = api.peek<Organization>(ORGANIZATIONS, 'acme');
      if (admitted) api.seed(ORGANIZATIONS, { ...admitted, status: { usage: { agents: 3 } } });
    });
    await r.reconcile('acme');
    expect(calls).toEqual([
      'patch organizations.orgplane.io',
      'get organizations.orgplane.io',
      'patch organizations.orgplane.io',
    ]);
    expect(get()?.status?.usage).toEqual({ agents: 3 });
    expect(condition()).toMatchObject({ reason: 'WithinQuota' });
  });

  it('gives up on a second conflict, leaving the key to be retried', async () => {
    org({ agents: 5 }, { agents: 1 });
    agents('a', 'x');
    let n = 0;
    api.reactors.push((action) => {
      if (action.verb !== 'patch') return;
      const admitted = api.peek<Organization>(ORGANIZATIONS, 'acme');
      agents(`y${String(n++)}`);
      if (admitted) api.seed(ORGANIZATIONS, { ...admitted, status: { usage: { agents: 2 + n } } });
    });
    await expect(r.reconcile('acme')).rejects.toMatchObject({ code: 409 });
    expect(get()?.status?.usage).toEqual({ agents: 4 });
  });

  it('waits for a cache behind the Organization, then lists from the server once', async () => {
    org({ agents: 5 }, { agents: 1 });
    agents('a', 'b');
    listers<KubeObject>(AGENTS).lag = '0';
    const calls: string[] = [];
    api.reactors.push((a) => calls.push(`${a.verb} ${a.resource}`));
    await expect(r.reconcile('acme')).resolves.toEqual({ requeueAfter: 1000 });
    await clock.advance(500);
    await expect(r.reconcile('acme')).resolves.toEqual({ requeueAfter: 1000 });
    expect(calls).toEqual([]);
    expect(get()?.status?.usage).toEqual({ agents: 1 });
    await clock.advance(600);
    await expect(r.reconcile('acme')).resolves.toBeUndefined();
    expect(calls).toEqual(['list agents.orgplane.io', 'patch organizations.orgplane.io']);
    expect(get()?.status?.usage).toEqual({ agents: 2 });
  });

  it('reads only its caches when they agree with the usage of record', async () => {
    org({ agents: 5 }, { agents: 2 });
    agents('a', 'b');
    await r.reconcile('acme');
    listers<KubeObject>(AGENTS).lag = '0';
    const calls: string[] = [];
    api.reactors.push((a) => calls.push(`${a.verb} ${a.resource}`));
    await expect(r.reconcile('acme')).resolves.toBeUndefined();
    expect(calls).toEqual([]);
  });

  it('counts agents being deleted until they are gone and skips organizations being deleted', async () => {
    org({ agents: 5 });
    agents('a');
    api.seed(AGENTS, {
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Agent',
      metadata: {
        name: 'going',
        namespace: 'acme',
        deletionTimestamp: '2025-01-01T00:00:00Z',
        finalizers: ['x'],
      },
    });
    await r.reconcile('acme');
    expect(get()?.status?.usage).toEqual({ agents: 2 });
    expect(suspended()).toEqual([]);
    api.takeActions();
    await api.mergePatch(ORGANIZATIONS, 'acme', undefined, { metadata: { finalizers: ['f'] } });
    await api.delete(ORGANIZATIONS, 'acme');
    api.takeActions();
    await r.reconcile('acme');
    expect(api.takeActions()).toEqual([]);
  });
});
