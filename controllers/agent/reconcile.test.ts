import { beforeEach, describe, expect, it } from '@jest/globals';
import { findStatusCondition } from '../runtime/conditions.js';
import { AGENTS, NAMESPACES, ORGANIZATIONS, SECRETS } from '../runtime/resources.js';
import { FakeClient } from '../testing/fake-client.js';
import { FakeClock } from '../testing/fake-clock.js';
import { RecordingEvents } from '../testing/events.js';
import { fakeListers } from '../testing/lister.js';
import { QUOTA_SUSPENDED_ANNOTATION } from '../names.js';
import type { Agent, Organization } from '../types.js';
import type { ConfigObject } from './config.js';
import { AgentReconciler } from './reconcile.js';

let api: FakeClient;
let events: RecordingEvents;
let r: AgentReconciler;

beforeEach(() => {
  api = new FakeClient();
  events = new RecordingEvents();
  r = new AgentReconciler({
    client: api,
    events,
    clock: new FakeClock(Date.parse('2025-01-01T00:00:00Z')),
    listers: fakeListers(api),
  });
});

const org = (spec: Organization['spec'] = {}, phase: 'Active' | 'Suspended' | 'none' = 'Active'): void => {
  api.seed<Organization>(ORGANIZATIONS, {
    apiVersion: 'orgplane.io/v1alpha1',
    kind: 'Organization',
    metadata: { name: 'acme' },
    spec,
    ...(phase !== 'none' ? { status: { phase } } : {}),
  });
};
const agent = (annotations?: Record<string, string>): void => {
  api.seed<Agent>(AGENTS, {
    apiVersion: 'orgplane.io/v1alpha1',
    kind: 'Agent',
    metadata: { name: 'bot', namespace: 'acme', ...(annotations ? { annotations } : {}) },
    spec: { model: 'gpt-4o' },
  });
};
const get = (): Agent | undefined => api.peek<Agent>(AGENTS, 'bot', 'acme');
const ready = () => findStatusCondition(get()?.status?.conditions, 'Ready');

describe('AgentReconciler', () => {
  it("judges an agent in a team namespace by its namespace's organization", async () => {
    org({ suspended: true });
    api.seed(NAMESPACES, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'acme-eng', labels: { 'orgplane.io/organization': 'acme' } },
    });
    api.seed<Agent>(AGENTS, {
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Agent',
      metadata: { name: 'bot', namespace: 'acme-eng' },
      spec: { model: 'gpt-4o' },
    });
    await r.reconcile('acme-eng/bot');
    const team = api.peek<Agent>(AGENTS, 'bot', 'acme-eng');
    expect(findStatusCondition(team?.status?.conditions, 'Ready')).toMatchObject({
      status: 'False',
      reason: 'OrganizationSuspended',
      message: 'organization acme is suspended',
    });
  });

  it('marks an agent of an active organization Ready, with observedGeneration', async () => {
    org();
    agent();
    await r.reconcile('acme/bot');
    expect(get()?.status).toMatchObject({ phase: 'Ready', observedGeneration: 1 });
    expect(ready()).toMatchObject({ status: 'True', reason: 'Ready', observedGeneration: 1 });
    expect(events.take()).toEqual(['AgentReady']);
    api.takeActions();
    await r.reconcile('acme/bot');
    expect(api.takeActions()).toEqual([]);
    expect(events.take()).toEqual([]);
  });

  it('rewrites a status that matches the verdict only in part (phase, condition, generations)', async () => {
    org();
    const readyAs = (message: string, condGen: number, statusGen: number, phase: 'Ready' | 'Pending') =>
      api.seed<Agent>(AGENTS, {
        apiVersion: 'orgplane.io/v1alpha1',
        kind: 'Agent',
        metadata: { name: 'bot', namespace: 'acme', generation: 1 },
        spec: { model: 'gpt-4o' },
        status: {
          phase,
          observedGeneration: statusGen,
          conditions: [
            {
              type: 'Ready',
              status: 'True',
              reason: 'Ready',
              message,
              observedGeneration: condGen,
              lastTransitionTime: '2024-01-01T00:00:00Z',
            },
          ],
        },
      });
    for (const [message, condGen, statusGen, phase] of [
      ['stale words', 1, 1, 'Ready'],
      ['the agent is ready', 0, 1, 'Ready'],
      ['the agent is ready', 1, 0, 'Ready'],
      ['the agent is ready', 1, 1, 'Pending'],
    ] as const) {
      readyAs(message, condGen, statusGen, phase);
      api.takeActions();
      await r.reconcile('acme/bot');
      expect(api.takeActions()).toHaveLength(1);
      expect(get()?.status).toMatchObject({ phase: 'Ready', observedGeneration: 1 });
      expect(ready()).toMatchObject({ message: 'the agent is ready', observedGeneration: 1 });
    }
    readyAs('the agent is ready', 1, 1, 'Ready');
    api.takeActions();
    await r.reconcile('acme/bot');
    expect(api.takeActions()).toEqual([]);
  });

  it('follows spec changes with observedGeneration', async () => {
    org();
    agent();
    await r.reconcile('acme/bot');
    await api.mergePatch(AGENTS, 'bot', 'acme', { spec: { model: 'other' } });
    await r.reconcile('acme/bot');
    expect(get()?.status?.observedGeneration).toBe(2);
    expect(ready()?.observedGeneration).toBe(2);
  });

  it('stays Pending while the organization is missing or not yet active', async () => {
    agent();
    await r.reconcile('acme/bot');
    expect(get()?.status?.phase).toBe('Pending');
    expect(ready()).toMatchObject({ status: 'False', reason: 'OrganizationNotFound' });
    org({}, 'none');
    await r.reconcile('acme/bot');
    expect(ready()).toMatchObject({ status: 'False', reason: 'OrganizationNotReady' });
  });

  it('is Suspended while its organization is suspended, and Ready again after', async () => {
    org({ suspended: true }, 'Suspended');
    agent();
    await r.reconcile('acme/bot');
    expect(get()?.status?.phase).toBe('Suspended');
    expect(ready()).toMatchObject({ status: 'False', reason: 'OrganizationSuspended' });
    expect(events.events.map((e) => [e.type, e.reason])).toEqual([['Warning', 'AgentSuspended']]);
    await api.mergePatch(ORGANIZATIONS, 'acme', undefined, { spec: { suspended: false } });
    await api.mergePatch(
      ORGANIZATIONS,
      'acme',
      undefined,
      { status: { phase: 'Active' } },
      { subresource: 'status' },
    );
    await r.reconcile('acme/bot');
    expect(get()?.status?.phase).toBe('Ready');
  });

  it('is Suspended (reason QuotaExceeded) while the quota controller marks it', async () => {
    org();
    agent({ [QUOTA_SUSPENDED_ANNOTATION]: 'true' });
    await r.reconcile('acme/bot');
    expect(get()?.status?.phase).toBe('Suspended');
    expect(ready()).toMatchObject({ status: 'False', reason: 'QuotaExceeded' });
  });

  it('leaves agents being deleted alone', async () => {
    org();
    api.seed<Agent>(AGENTS, {
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Agent',
      metadata: {
        name: 'bot',
        namespace: 'acme',
        deletionTimestamp: '2025-01-01T00:00:00Z',
        finalizers: ['x'],
      },
      spec: { model: 'm' },
    });
    api.takeActions();
    await r.reconcile('acme/bot');
    await r.reconcile('acme/gone');
    expect(api.takeActions()).toEqual([]);
  });

  describe('with spec.env references', () => {
    const envAgent = (): void => {
      api.seed<Agent>(AGENTS, {
        apiVersion: 'orgplane.io/v1alpha1',
        kind: 'Agent',
        metadata: { name: 'bot', namespace: 'acme' },
        spec: {
          model: 'gpt-4o',
          env: [{ name: 'KEY', valueFrom: { secretKeyRef: { name: 'search-keys', key: 'serp' } } }],
        },
      });
    };
    const secret = (data: Record<string, string>): void => {
      api.seed<ConfigObject>(SECRETS, {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'search-keys', namespace: 'acme' },
        data,
      });
    };

    it('is ConfigNotFound naming the missing secret, then its key, then Ready', async () => {
      org();
      envAgent();
      await r.reconcile('acme/bot');
      expect(get()?.status?.phase).toBe('Pending');
      expect(ready()).toMatchObject({
        status: 'False',
        reason: 'ConfigNotFound',
        message: 'secret "search-keys" not found',
      });
      secret({ other: 'dmFsdWU=' });
      await r.reconcile('acme/bot');
      expect(ready()).toMatchObject({
        reason: 'ConfigNotFound',
        message: 'key "serp" not found in secret "search-keys"',
      });
      secret({ serp: 'c2VjcmV0LXZhbHVl' });
      await r.reconcile('acme/bot');
      expect(ready()).toMatchObject({ status: 'True', reason: 'Ready' });
      expect(events.events.map((e) => [e.type, e.reason, e.message])).toEqual([
        ['Warning', 'ConfigNotFound', 'Agent configuration not found: secret "search-keys" not found'],
        [
          'Warning',
          'ConfigNotFound',
          'Agent configuration not found: key "serp" not found in secret "search-keys"',
        ],
        ['Normal', 'AgentReady', 'Agent is ready'],
      ]);
      expect(JSON.stringify(api.actions)).not.toMatch(/c2VjcmV0|dmFsdWU/);
    });

    it('records ConfigNotFound once while nothing changes', async () => {
      org();
      envAgent();
      await r.reconcile('acme/bot');
      await r.reconcile('acme/bot');
      expect(events.take()).toEqual(['ConfigNotFound']);
    });

    it('lets suspension win over missing configuration', async () => {
      org({ suspended: true }, 'Suspended');
      envAgent();
      await r.reconcile('acme/bot');
      expect(ready()).toMatchObject({ reason: 'OrganizationSuspended' });
    });
  });
});
