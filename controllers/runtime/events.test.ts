import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../api/meta.js';
import { FakeClient } from '../testing/fake-client.js';
import { FakeClock } from '../testing/fake-clock.js';
import { organizationNamespace } from '../names.js';
import { EventRecorder } from './events.js';
import { AGENTS, EVENTS, NAMESPACES, ORGANIZATIONS } from './resources.js';

function setup(): { api: FakeClient; clock: FakeClock; rec: EventRecorder } {
  const api = new FakeClient();
  api.requireNamespaces = true;
  const clock = new FakeClock(Date.parse('2025-01-01T00:00:00Z'));
  api.seed(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'acme' } });
  const rec = new EventRecorder({ client: api, component: 'orgplane-controllers', instance: 'me', clock });
  return { api, clock, rec };
}

const events = async (api: FakeClient, ns?: string): Promise<KubeObject[]> =>
  (await api.list(EVENTS, ns !== undefined ? { namespace: ns } : {})).items;

describe('EventRecorder', () => {
  it('writes a core/v1 Event about a namespaced object in its namespace', async () => {
    const { api, rec } = setup();
    const agent = api.seed<KubeObject>(AGENTS, {
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Agent',
      metadata: { name: 'bot', namespace: 'acme' },
    });
    await rec.record(agent, 'Warning', 'AgentSuspended', 'over quota');
    const [ev] = await events(api, 'acme');
    expect(ev).toMatchObject({
      involvedObject: {
        apiVersion: 'orgplane.io/v1alpha1',
        kind: 'Agent',
        name: 'bot',
        namespace: 'acme',
        uid: agent.metadata.uid,
      },
      type: 'Warning',
      reason: 'AgentSuspended',
      message: 'over quota',
      count: 1,
      source: { component: 'orgplane-controllers', host: 'me' },
      firstTimestamp: '2025-01-01T00:00:00Z',
      lastTimestamp: '2025-01-01T00:00:00Z',
      reportingComponent: 'orgplane-controllers',
    });
  });

  it('aggregates repeats: count and lastTimestamp bumped on the same Event', async () => {
    const { api, clock, rec } = setup();
    const agent = api.seed<KubeObject>(AGENTS, {
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Agent',
      metadata: { name: 'bot', namespace: 'acme' },
    });
    rec.event(agent, 'Normal', 'AgentReady', 'ready');
    rec.event(agent, 'Normal', 'AgentReady', 'ready');
    await clock.advance(60_000);
    await rec.record(agent, 'Normal', 'AgentReady', 'ready');
    await rec.record(agent, 'Normal', 'AgentReady', 'a different message');
    const all = await events(api, 'acme');
    expect(all).toHaveLength(2);
    const ready = all.find((e) => e.message === 'ready');
    expect(ready).toMatchObject({
      count: 3,
      firstTimestamp: '2025-01-01T00:00:00Z',
      lastTimestamp: '2025-01-01T00:01:00Z',
    });
  });

  it('a second recorder (restart, new leader) bumps the Event its predecessor wrote', async () => {
    const { api, clock, rec } = setup();
    const agent = api.seed<KubeObject>(AGENTS, {
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Agent',
      metadata: { name: 'bot', namespace: 'acme' },
    });
    await rec.record(agent, 'Normal', 'AgentReady', 'ready');
    const successor = new EventRecorder({
      client: api,
      component: 'orgplane-controllers',
      instance: 'other',
      clock,
    });
    await successor.record(agent, 'Normal', 'AgentReady', 'ready');
    await successor.record(agent, 'Normal', 'AgentReady', 'ready');
    const all = await events(api, 'acme');
    expect(all).toHaveLength(1);
    expect(all[0]?.count).toBe(3);
  });

  it('puts Events about cluster-scoped objects in "default", creating it when missing', async () => {
    const { api, rec } = setup();
    const org = api.seed<KubeObject>(ORGANIZATIONS, {
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Organization',
      metadata: { name: 'acme' },
    });
    await rec.record(org, 'Normal', 'NamespaceCreated', 'Created namespace acme');
    expect(api.peek(NAMESPACES, 'default')).toBeDefined();
    const [ev] = await events(api, 'default');
    expect(ev?.involvedObject).toEqual({
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Organization',
      name: 'acme',
      uid: org.metadata.uid,
      resourceVersion: org.metadata.resourceVersion,
    });
  });

  it("puts an Organization's Events in its own namespace once that exists, in default before", async () => {
    const api = new FakeClient();
    api.requireNamespaces = true;
    const rec = new EventRecorder({ client: api, component: 'c', homeNamespace: organizationNamespace });
    const org = (name: string): KubeObject =>
      api.seed<KubeObject>(ORGANIZATIONS, {
        apiVersion: 'orgplane.io/v1alpha1',
        kind: 'Organization',
        metadata: { name },
      });
    api.seed(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'acme' } });
    await rec.record(org('acme'), 'Normal', 'BillingSynced', 'synced');
    const newco = org('newco');
    await rec.record(newco, 'Normal', 'BillingSynced', 'synced');
    await rec.record(newco, 'Normal', 'BillingSynced', 'synced');
    expect((await events(api, 'acme')).map((e) => e.reason)).toEqual(['BillingSynced']);
    const early = await events(api, 'default');
    expect(early.map((e) => [(e.involvedObject as { name: string }).name, e.count])).toEqual([['newco', 2]]);
  });

  it('never throws: a failed write is logged and dropped', async () => {
    const { api, rec } = setup();
    const agent = api.seed<KubeObject>(AGENTS, {
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Agent',
      metadata: { name: 'bot', namespace: 'gone' },
    });
    await expect(rec.record(agent, 'Normal', 'AgentReady', 'ready')).resolves.toBeUndefined();
    expect(await events(api)).toEqual([]);
    expect(api.peek(NAMESPACES, 'gone')).toBeUndefined();
  });
});
