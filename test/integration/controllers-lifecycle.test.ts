/**
 * The organization, agent and quota controllers against a real orgplane API server, through
 * @kubernetes/client-node and the server's admin kubeconfig: Ready conditions, suspension, quota
 * suspension/resumption, Events, and ordered teardown on delete.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../api/meta.js';
import { startUpControllers } from '../../cmd/up-controllers.js';
import type { RunningControllers } from '../../controllers/index.js';
import { silentLogger } from '../../controllers/runtime/logger.js';
import { startTestServer, type TestServer } from '../support/apiserver.js';
import {
  agent,
  agentsPath,
  create,
  eventually,
  expectCode,
  gone,
  list,
  nsPath,
  obj,
  organization,
  orgsPath,
} from '../support/api-helpers.js';

let ts: TestServer;
let controllers: RunningControllers;

beforeAll(async () => {
  ts = await startTestServer('embedded');
  // as `orgplane up` runs them: in-process, through the admin kubeconfig, leader-elected
  controllers = startUpControllers({
    server: ts.server,
    logger: silentLogger,
  });
}, 60_000);

afterAll(async () => {
  await controllers.stop();
  await ts.stop();
});

type Cond = { type: string; status: string; reason: string; observedGeneration?: number };
const conditions = (o: KubeObject): Cond[] =>
  (o.status as { conditions?: Cond[] } | undefined)?.conditions ?? [];
const cond = (o: KubeObject, type: string): Cond | undefined => conditions(o).find((c) => c.type === type);
const phase = (o: KubeObject): unknown => (o.status as { phase?: unknown } | undefined)?.phase;

async function until(
  path: string,
  test: (o: KubeObject) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<KubeObject> {
  return eventually(
    async () => {
      const r = await ts.call('GET', path);
      return r.status === 200 && test(obj(r)) ? obj(r) : undefined;
    },
    what,
    timeoutMs,
  );
}

/** A user's merge patch; retried on 409 as the API server may lose a race to a controller's write. */
const patch = async (path: string, body: unknown): Promise<void> => {
  for (let attempt = 0; ; attempt++) {
    const r = await ts.call('PATCH', path, { body, contentType: 'application/merge-patch+json' });
    if (r.status === 409 && attempt < 5) continue;
    expectCode(r, 200);
    return;
  }
};

const agentPhases = async (): Promise<Record<string, unknown>> =>
  Object.fromEntries(
    list(await ts.call('GET', agentsPath('acme'))).items.map((a): [string, unknown] => [
      a.metadata.name ?? '',
      phase(a),
    ]),
  );

describe('organization, agent and quota controllers', () => {
  it('brings an Organization and its Agents to Ready', async () => {
    await create(ts, orgsPath(), organization('acme', { displayName: 'Acme', quota: { agents: 5 } }));
    await create(ts, agentsPath('acme'), agent('one'));
    await create(ts, agentsPath('acme'), agent('two'));
    const org = await until(
      orgsPath('acme'),
      (o) => cond(o, 'Ready')?.status === 'True',
      'organization Ready',
    );
    expect(phase(org)).toBe('Active');
    expect(cond(org, 'Ready')?.observedGeneration).toBe(org.metadata.generation);
    expect(org.metadata.finalizers).toContain('orgplane.io/teardown');
    for (const name of ['one', 'two']) {
      const a = await until(
        agentsPath('acme', name),
        (o) => cond(o, 'Ready')?.status === 'True',
        `agent ${name} Ready`,
      );
      expect(phase(a)).toBe('Ready');
      expect((a.status as { observedGeneration?: number }).observedGeneration).toBe(a.metadata.generation);
    }
    const counted = await until(
      orgsPath('acme'),
      (o) =>
        cond(o, 'QuotaExceeded') !== undefined &&
        (o.status as { usage?: { agents?: number } }).usage?.agents === 2,
      'usage recounted',
    );
    expect(cond(counted, 'QuotaExceeded')).toMatchObject({ status: 'False', reason: 'WithinQuota' });
  }, 30_000);

  it('suspends and resumes the organization and its agents', async () => {
    await patch(orgsPath('acme'), { spec: { suspended: true } });
    await until(orgsPath('acme'), (o) => phase(o) === 'Suspended', 'organization Suspended');
    await eventually(
      async () => (Object.values(await agentPhases()).every((p) => p === 'Suspended') ? true : undefined),
      'agents Suspended',
    );
    await patch(orgsPath('acme'), { spec: { suspended: false } });
    await until(
      orgsPath('acme'),
      (o) => phase(o) === 'Active' && cond(o, 'Ready')?.status === 'True',
      'organization Active',
    );
    await eventually(
      async () => (Object.values(await agentPhases()).every((p) => p === 'Ready') ? true : undefined),
      'agents Ready',
    );
  });

  it('suspends the newest agents over a lowered quota and resumes them when it is raised', async () => {
    for (const name of ['x1', 'x2', 'x3']) {
      await create(ts, agentsPath('acme'), agent(name));
      await new Promise((r) => setTimeout(r, 1100));
    }
    await patch(orgsPath('acme'), { spec: { quota: { agents: 2 } } });
    await until(orgsPath('acme'), (o) => cond(o, 'QuotaExceeded')?.status === 'True', 'QuotaExceeded True');
    const expected = { one: 'Ready', two: 'Ready', x1: 'Suspended', x2: 'Suspended', x3: 'Suspended' };
    await eventually(async () => {
      const p = await agentPhases();
      return JSON.stringify(p) === JSON.stringify(expected) ? p : undefined;
    }, 'the three newest agents Suspended');
    const x3 = obj(await ts.call('GET', agentsPath('acme', 'x3')));
    expect(cond(x3, 'Ready')).toMatchObject({ status: 'False', reason: 'QuotaExceeded' });

    await patch(orgsPath('acme'), { spec: { quota: { agents: 10 } } });
    await until(orgsPath('acme'), (o) => cond(o, 'QuotaExceeded')?.status === 'False', 'QuotaExceeded False');
    await eventually(
      async () => (Object.values(await agentPhases()).every((p) => p === 'Ready') ? true : undefined),
      'agents resumed',
    );
  }, 30_000);

  it('records Events visible through the API', async () => {
    const reasons = await eventually(async () => {
      const r = await ts.call(
        'GET',
        '/api/v1/events?fieldSelector=involvedObject.kind%3DOrganization,involvedObject.name%3Dacme',
      );
      const rs = list(r).items.map((e) => e.reason as string);
      return rs.includes('QuotaExceeded') && rs.includes('NamespaceCreated') ? rs : undefined;
    }, 'organization events');
    expect(reasons).toEqual(
      expect.arrayContaining([
        'NamespaceCreated',
        'OrganizationSuspended',
        'OrganizationResumed',
        'QuotaExceeded',
      ]),
    );
    const agentEvents = list(await ts.call('GET', '/api/v1/namespaces/acme/events')).items;
    const suspended = agentEvents.find(
      (e) => e.reason === 'AgentSuspended' && (e.involvedObject as { name: string }).name === 'one',
    );
    expect(suspended?.count).toBe(1);
  }, 20_000);

  it('tears down agents, then the namespace, then lets the organization go', async () => {
    expectCode(await ts.call('DELETE', orgsPath('acme')), 200);
    await gone(ts, orgsPath('acme'), 30_000);
    expect((await ts.call('GET', nsPath('acme'))).status).toBe(404);
    expect(list(await ts.call('GET', '/apis/orgplane.io/v1alpha1/agents')).items).toEqual([]);
  }, 40_000);
});
