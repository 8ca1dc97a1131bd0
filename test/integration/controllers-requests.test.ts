/**
 * What the controllers cost the API server: once their informers have synced, creating N Agents
 * in one Organization (with a quota) makes O(N) controller requests (each Agent's status write and
 * Event) and no list at all: reconcilers read the shared informer caches.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { KubeConfig } from '@kubernetes/client-node';
import type { KubeObject } from '../../api/meta.js';
import { runControllers, type RunningControllers } from '../../controllers/index.js';
import { kubeTransport } from '../../controllers/runtime/kube-transport.js';
import { silentLogger } from '../../controllers/runtime/logger.js';
import { ORGANIZATIONS } from '../../controllers/runtime/resources.js';
import { startTestServer, type TestServer } from '../support/apiserver.js';
import { pool } from '../support/watch.js';
import {
  agent,
  agentsPath,
  create,
  eventually,
  expectCode,
  list,
  obj,
  organization,
  orgsPath,
} from '../support/api-helpers.js';

const N = 150;
const ORG = 'busy';
let ts: TestServer;
let controllers: RunningControllers;

const phase = (o: KubeObject): unknown => (o.status as { phase?: unknown } | undefined)?.phase;

beforeAll(async () => {
  ts = await startTestServer('embedded');
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(ts.server.kubeconfigPath);
  controllers = runControllers({
    connect: () => kubeTransport(kubeConfig),
    logger: silentLogger,
    leaderElect: false,
  });
}, 60_000);

afterAll(async () => {
  await controllers.stop();
  await ts.stop();
});

describe('controller requests', () => {
  it(`creating ${String(N)} agents in one organization costs O(N) requests and no list`, async () => {
    await create(ts, orgsPath(), organization(ORG, { quota: { agents: N * 2 } }));
    // the controllers have settled the new organization (phase, quota and billing conditions)
    const settled = (o: KubeObject): boolean => {
      const types = ((o.status as { conditions?: { type: string }[] } | undefined)?.conditions ?? []).map(
        (c) => c.type,
      );
      return (
        phase(o) === 'Active' && ['Ready', 'QuotaExceeded', 'BillingSynced'].every((t) => types.includes(t))
      );
    };
    await eventually(
      async () => (settled(obj(await ts.call('GET', orgsPath(ORG)))) ? true : undefined),
      'organization settled',
    );
    const lists = controllers.requests.count('list');
    const orgGets = controllers.requests.count('get', ORGANIZATIONS);
    const before = controllers.requests.snapshot();
    await pool(
      Array.from({ length: N }, (_, i) => i),
      16,
      async (i) => {
        await create(ts, agentsPath(ORG), agent(`a-${String(i)}`));
      },
    );
    await eventually(
      async () => {
        const items = list(expectCode(await ts.call('GET', agentsPath(ORG)), 200)).items;
        return items.filter((a) => phase(a) === 'Ready').length === N ? true : undefined;
      },
      `${String(N)} agents Ready`,
      60_000,
    );
    await eventually(async () => {
      const o = obj(await ts.call('GET', orgsPath(ORG)));
      return (o.status as { usage?: { agents?: number } }).usage?.agents === N ? true : undefined;
    }, 'usage recorded');
    await new Promise((r) => setTimeout(r, 1500));
    const after = controllers.requests.snapshot();
    const delta = (k: string): number => (after[k] ?? 0) - (before[k] ?? 0);
    expect(controllers.requests.count('list')).toBe(lists);
    expect(delta('list agents.orgplane.io')).toBe(0);
    expect(delta('get agents.orgplane.io')).toBe(0);
    // each agent's status once (and a few retries after a write raced a stale cache), one Event each
    expect(delta('patch agents.orgplane.io')).toBeGreaterThanOrEqual(N);
    expect(delta('patch agents.orgplane.io')).toBeLessThan(1.1 * N);
    expect(delta('create events')).toBeGreaterThanOrEqual(N);
    expect(delta('create events')).toBeLessThan(1.1 * N);
    expect(controllers.requests.count('get', ORGANIZATIONS) - orgGets).toBeLessThan(N / 10);
    expect(delta('total')).toBeLessThan(2.5 * N);
  }, 120_000);
});
