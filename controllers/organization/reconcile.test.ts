import { beforeEach, describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../api/meta.js';
import { findStatusCondition } from '../runtime/conditions.js';
import { AGENTS, NAMESPACES, ORGANIZATIONS, ROLE_BINDINGS } from '../runtime/resources.js';
import { FakeClient } from '../testing/fake-client.js';
import { FakeClock } from '../testing/fake-clock.js';
import { RecordingEvents } from '../testing/events.js';
import { fakeListers } from '../testing/lister.js';
import { BILLING_FINALIZER, ORGANIZATION_LABEL, TEARDOWN_FINALIZER } from '../names.js';
import type { Organization } from '../types.js';
import { OrganizationReconciler } from './reconcile.js';

let api: FakeClient;
let clock: FakeClock;
let events: RecordingEvents;
let r: OrganizationReconciler;

beforeEach(() => {
  api = new FakeClient();
  clock = new FakeClock(Date.parse('2025-01-01T00:00:00Z'));
  events = new RecordingEvents();
  r = new OrganizationReconciler({ client: api, events, clock, pollMs: 500, listers: fakeListers(api) });
});

const org = (spec: Organization['spec'] = {}, finalizers?: string[]): Organization =>
  api.seed<Organization>(ORGANIZATIONS, {
    apiVersion: 'orgplane.io/v1alpha1',
    kind: 'Organization',
    metadata: { name: 'acme', ...(finalizers ? { finalizers } : {}) },
    spec,
  });
const ns = (labels?: Record<string, string>): KubeObject =>
  api.seed(NAMESPACES, {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'acme', ...(labels ? { labels } : {}) },
  });
const get = (): Organization | undefined => api.peek<Organization>(ORGANIZATIONS, 'acme');
const ready = (o: Organization | undefined) => findStatusCondition(o?.status?.conditions, 'Ready');

describe('OrganizationReconciler', () => {
  it('adds the teardown finalizer, creates the namespace and reports Active / Ready', async () => {
    org({ displayName: 'Acme' });
    expect(await r.reconcile('acme')).toBeUndefined();
    const o = get();
    expect(o?.metadata.finalizers).toEqual([TEARDOWN_FINALIZER]);
    expect(api.peek(NAMESPACES, 'acme')?.metadata.labels).toEqual({ [ORGANIZATION_LABEL]: 'acme' });
    expect(o?.status).toMatchObject({ phase: 'Active', observedGeneration: 1 });
    expect(ready(o)).toEqual({
      type: 'Ready',
      status: 'True',
      reason: 'Active',
      message: 'namespace acme is active',
      observedGeneration: 1,
      lastTransitionTime: '2025-01-01T00:00:00Z',
    });
    expect(events.take()).toEqual(['NamespaceCreated', 'OrganizationActive']);
  });

  it('is idempotent: a second pass writes nothing', async () => {
    org();
    await r.reconcile('acme');
    api.takeActions();
    events.take();
    await r.reconcile('acme');
    expect(api.takeActions()).toEqual([]);
    expect(events.take()).toEqual([]);
  });

  it('adopts an existing namespace by labelling it', async () => {
    org();
    ns({ team: 'x' });
    await r.reconcile('acme');
    expect(api.peek(NAMESPACES, 'acme')?.metadata.labels).toEqual({
      team: 'x',
      [ORGANIZATION_LABEL]: 'acme',
    });
    expect(events.take()).toEqual(['NamespaceAdopted', 'OrganizationActive']);
    expect(api.takeActions().filter((a) => a.verb === 'create')).toEqual([]);
  });

  it('suspends and resumes, moving lastTransitionTime and observedGeneration', async () => {
    org();
    ns({ [ORGANIZATION_LABEL]: 'acme' });
    await r.reconcile('acme');
    events.take();
    await api.mergePatch(ORGANIZATIONS, 'acme', undefined, { spec: { suspended: true } });
    clock = new FakeClock(Date.parse('2025-01-02T00:00:00Z'));
    r = new OrganizationReconciler({ client: api, events, clock, listers: fakeListers(api) });
    await r.reconcile('acme');
    let o = get();
    expect(o?.status?.phase).toBe('Suspended');
    expect(ready(o)).toMatchObject({
      status: 'False',
      reason: 'Suspended',
      observedGeneration: 2,
      lastTransitionTime: '2025-01-02T00:00:00Z',
    });
    expect(o?.status?.observedGeneration).toBe(2);
    expect(events.take()).toEqual(['OrganizationSuspended']);

    await api.mergePatch(ORGANIZATIONS, 'acme', undefined, { spec: { suspended: false } });
    await r.reconcile('acme');
    o = get();
    expect(o?.status?.phase).toBe('Active');
    expect(ready(o)).toMatchObject({ status: 'True', observedGeneration: 3 });
    expect(events.take()).toEqual(['OrganizationResumed']);
  });

  it('waits while a previous namespace of the same name terminates', async () => {
    org();
    api.seed(NAMESPACES, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'acme', deletionTimestamp: '2025-01-01T00:00:00Z', finalizers: ['x'] },
    });
    expect(await r.reconcile('acme')).toEqual({ requeueAfter: 500 });
    expect(ready(get())).toMatchObject({ status: 'False', reason: 'NamespaceTerminating' });
  });

  it('keeps the status written by other controllers (guarded merge of only what changed)', async () => {
    api.seed<Organization>(ORGANIZATIONS, {
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Organization',
      metadata: { name: 'acme' },
      status: {
        usage: { agents: 2 },
        conditions: [
          {
            type: 'BillingSynced',
            status: 'True',
            reason: 'Synced',
            message: '',
            lastTransitionTime: '2024-01-01T00:00:00Z',
          },
        ],
      },
    });
    await r.reconcile('acme');
    const o = get();
    expect(o?.status?.usage).toEqual({ agents: 2 });
    expect(o?.status?.conditions?.map((c) => c.type)).toEqual(['BillingSynced', 'Ready']);
    const patch = api.actions.find((a) => a.subresource === 'status')?.body as {
      metadata: { resourceVersion: string };
    };
    expect(patch.metadata.resourceVersion).toBeDefined();
  });

  it('does nothing for an organization that is gone', async () => {
    expect(await r.reconcile('nope')).toBeUndefined();
    expect(api.takeActions()).toEqual([]);
  });
});

describe('Organization teardown', () => {
  const seedTenant = (): void => {
    org({}, [TEARDOWN_FINALIZER, BILLING_FINALIZER]);
    ns({ [ORGANIZATION_LABEL]: 'acme' });
    api.seed(AGENTS, {
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Agent',
      metadata: { name: 'slow', namespace: 'acme', finalizers: ['example.com/slow'] },
    });
    api.seed(AGENTS, {
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Agent',
      metadata: { name: 'fast', namespace: 'acme' },
    });
    api.seed(ROLE_BINDINGS, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'devs', namespace: 'acme' },
    });
  };
  const deletes = (): string[] =>
    api
      .takeActions()
      .filter((a) => a.verb === 'delete')
      .map((a) => `${a.resource}/${a.name}`);

  it('deletes agents, then role bindings, waits for billing, then the namespace, then lets go', async () => {
    seedTenant();
    await api.delete(ORGANIZATIONS, 'acme');
    api.takeActions();

    expect(await r.reconcile('acme')).toEqual({ requeueAfter: 500 });
    expect(deletes().sort()).toEqual(['agents.orgplane.io/fast', 'agents.orgplane.io/slow']);
    expect(get()?.status?.phase).toBe('Terminating');
    expect(ready(get())).toMatchObject({
      status: 'False',
      reason: 'Terminating',
      message: 'waiting for 2 agent(s) to be deleted',
    });
    expect(events.take()).toEqual(['TeardownStarted']);

    expect(await r.reconcile('acme')).toEqual({ requeueAfter: 500 });
    expect(deletes()).toEqual([]);

    await api.mergePatch(AGENTS, 'slow', 'acme', { metadata: { finalizers: null } });
    expect(await r.reconcile('acme')).toEqual({ requeueAfter: 500 });
    expect(deletes()).toEqual(['rolebindings.rbac.authorization.k8s.io/devs']);

    expect(await r.reconcile('acme')).toEqual({ requeueAfter: 500 });
    expect(ready(get())?.message).toBe('waiting for the billing customers to be removed');
    expect(deletes()).toEqual([]);
    expect(api.peek(NAMESPACES, 'acme')).toBeDefined();

    await api.mergePatch(ORGANIZATIONS, 'acme', undefined, {
      metadata: { finalizers: [TEARDOWN_FINALIZER] },
    });
    api.takeActions();
    expect(await r.reconcile('acme')).toEqual({ requeueAfter: 500 });
    expect(deletes()).toEqual(['namespaces/acme']);
    expect(events.take()).toEqual(['NamespaceDeleted']);
    expect(get()).toBeDefined();

    expect(await r.reconcile('acme')).toBeUndefined();
    expect(get()).toBeUndefined();
    expect(events.take()).toEqual(['TeardownComplete']);
  });

  it('goes straight on when there is no billing finalizer', async () => {
    org({}, [TEARDOWN_FINALIZER]);
    ns();
    await api.delete(ORGANIZATIONS, 'acme');
    expect(await r.reconcile('acme')).toEqual({ requeueAfter: 500 });
    expect(api.peek(NAMESPACES, 'acme')).toBeUndefined();
    expect(await r.reconcile('acme')).toBeUndefined();
    expect(get()).toBeUndefined();
  });

  it('waits for a namespace that is still terminating', async () => {
    org({}, [TEARDOWN_FINALIZER]);
    api.seed(NAMESPACES, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'acme', finalizers: ['kubernetes'] },
    });
    await api.delete(ORGANIZATIONS, 'acme');
    expect(await r.reconcile('acme')).toEqual({ requeueAfter: 500 });
    expect(api.peek(NAMESPACES, 'acme')?.metadata.deletionTimestamp).toBeDefined();
    expect(await r.reconcile('acme')).toEqual({ requeueAfter: 500 });
    expect(get()?.metadata.finalizers).toEqual([TEARDOWN_FINALIZER]);
  });
});
