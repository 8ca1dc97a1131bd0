/**
 * Quota usage has one owner: admission reserves a unit in the create's transaction and releases it
 * when the object is removed from storage; the quota controller (running here against the real
 * server) only recounts and repairs drift. With foreground deletion (objects that linger while
 * terminating), concurrent creates and quota changes, the agents stored never exceed the quota in
 * force, and status.usage converges to the number of agents stored.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { KubeConfig } from '@kubernetes/client-node';
import type { KubeObject } from '../../api/meta.js';
import { runControllers, type RunningControllers } from '../../controllers/index.js';
import { kubeTransport } from '../../controllers/runtime/kube-transport.js';
import { silentLogger } from '../../controllers/runtime/logger.js';
import { startTestServer, type Backend, type TestServer } from '../support/apiserver.js';
import {
  agent,
  agentsPath,
  create,
  deleteWith,
  eventually,
  expectCode,
  list,
  obj,
  organization,
  orgsPath,
} from '../support/api-helpers.js';

const ORG = 'owner-org';
const HOLD = 'test.orgplane.io/hold';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const usageOf = (o: KubeObject): number | undefined =>
  (o.status as { usage?: Record<string, number> } | undefined)?.usage?.['agents'];
const quotaExceeded = (o: KubeObject): string | undefined =>
  (o.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions?.find(
    (c) => c.type === 'QuotaExceeded',
  )?.status;

describe.each<Backend>(['embedded', 'etcd'])('quota with one owner on %s', (backend) => {
  let ts: TestServer;
  let controllers: RunningControllers;
  /** the bound every sample is held to: the largest quota under which a create could be admitted */
  let limit = 5;
  let violations: string[] = [];
  const sampling = { on: false };
  let sampler: Promise<void> = Promise.resolve();

  const stored = async (): Promise<number> =>
    list(expectCode(await ts.call('GET', agentsPath(ORG)), 200)).items.length;
  const org = async (): Promise<KubeObject> => obj(expectCode(await ts.call('GET', orgsPath(ORG)), 200));
  const createAgent = async (name: string, meta: Partial<KubeObject['metadata']> = {}): Promise<number> =>
    (await ts.call('POST', agentsPath(ORG), { body: agent(name, { model: 'm' }, meta) })).status;
  const foregroundDelete = async (name: string): Promise<void> => {
    const r = await deleteWith(ts, agentsPath(ORG, name), { propagationPolicy: 'Foreground' });
    if (r.status !== 200 && r.status !== 202 && r.status !== 404) throw new Error(r.text);
  };
  const setQuota = async (agents: number): Promise<void> => {
    expectCode(
      await ts.call('PATCH', orgsPath(ORG), {
        body: { spec: { quota: { agents } } },
        headers: { 'Content-Type': 'application/merge-patch+json' },
      }),
      200,
    );
  };
  const release = async (name: string): Promise<void> => {
    expectCode(
      await ts.call('PATCH', agentsPath(ORG, name), {
        body: { metadata: { finalizers: null } },
        headers: { 'Content-Type': 'application/merge-patch+json' },
      }),
      200,
    );
  };

  /** Samples stored agents and recorded usage until stopped; records any sample above the quota. */
  const startSampling = (): void => {
    sampling.on = true;
    violations = [];
    sampler = (async () => {
      while (sampling.on) {
        const [n, o] = await Promise.all([stored(), org()]);
        const allowedNow = limit;
        const usage = usageOf(o) ?? 0;
        if (n > allowedNow) violations.push(`${String(n)} agents stored, quota ${String(allowedNow)}`);
        if (usage > allowedNow) violations.push(`usage ${String(usage)}, quota ${String(allowedNow)}`);
        await sleep(10);
      }
    })();
  };
  const stopSampling = async (): Promise<string[]> => {
    sampling.on = false;
    await sampler;
    return violations;
  };

  beforeAll(async () => {
    ts = await startTestServer(backend);
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(ts.server.kubeconfigPath);
    controllers = runControllers({
      connect: () => kubeTransport(kubeConfig),
      logger: silentLogger,
      leaderElect: false,
    });
    await create(ts, orgsPath(), organization(ORG, { quota: { agents: limit } }));
  }, 60_000);

  afterAll(async () => {
    sampling.on = false;
    await sampler;
    await controllers.stop();
    await ts.stop();
  });

  it('counts a terminating agent until it is gone, so concurrent creates never overshoot', async () => {
    startSampling();
    expect(await createAgent('held', { finalizers: [HOLD] })).toBe(201);
    for (const name of ['a1', 'a2', 'a3']) expect(await createAgent(name)).toBe(201);
    await foregroundDelete('held');
    // the quota controller has time to recount while "held" is terminating
    await sleep(1500);
    const first = await Promise.all(Array.from({ length: 8 }, (_, i) => createAgent(`b${String(i)}`)));
    expect(first.filter((c) => c === 201)).toHaveLength(1);
    expect(first.filter((c) => c !== 201 && c !== 403)).toEqual([]);
    // "held" goes (its unit is released); then creates race the controller again
    await release('held');
    await sleep(500);
    const second = await Promise.all(Array.from({ length: 8 }, (_, i) => createAgent(`c${String(i)}`)));
    expect(second.filter((c) => c === 201)).toHaveLength(1);
    expect(await stopSampling()).toEqual([]);
    expect(await stored()).toBe(5);
    expect(usageOf(await org())).toBe(5);
  }, 60_000);

  it('keeps the limit through foreground deletes, concurrent creates and quota changes', async () => {
    startSampling();
    const names = list(expectCode(await ts.call('GET', agentsPath(ORG)), 200)).items.map(
      (o) => o.metadata.name ?? '',
    );
    const held = names.slice(0, 2);
    for (const name of held)
      expectCode(
        await ts.call('PATCH', agentsPath(ORG, name), {
          body: { metadata: { finalizers: [HOLD] } },
          headers: { 'Content-Type': 'application/merge-patch+json' },
        }),
        200,
      );
    // lowered below what exists while the held agents terminate: every create is refused
    const codes = await Promise.all([
      ...held.map(async (n) => {
        await foregroundDelete(n);
        return 0;
      }),
      ...Array.from({ length: 10 }, (_, i) => createAgent(`d${String(i)}`)),
      (async () => {
        await sleep(20);
        await setQuota(3);
        return 0;
      })(),
    ]);
    expect(codes.filter((c) => c !== 0 && c !== 403)).toEqual([]);
    await eventually(
      async () => (quotaExceeded(await org()) === 'True' ? true : undefined),
      'QuotaExceeded True after lowering the quota',
      15_000,
    );
    for (const name of held) await release(name);
    expect(await stored()).toBe(3);
    expect(await createAgent('refused')).toBe(403);
    // raised while creates keep coming: they are admitted up to the new quota, never past it
    let admitted = 0;
    let attempts = 0;
    const worker = async (w: number): Promise<void> => {
      while (admitted < 3 && attempts < 500) {
        attempts++;
        if ((await createAgent(`e${String(w)}-${String(attempts)}`)) === 201) admitted++;
      }
    };
    const raised = (async () => {
      await sleep(50);
      limit = 6;
      await setQuota(6);
    })();
    await Promise.all([worker(0), worker(1), worker(2), raised]);
    expect(admitted).toBe(3);
    const late = await Promise.all(Array.from({ length: 5 }, (_, i) => createAgent(`f${String(i)}`)));
    expect(late).toEqual([403, 403, 403, 403, 403]);
    expect(await stopSampling()).toEqual([]);
    expect(await stored()).toBe(6);
    await eventually(
      async () => (usageOf(await org()) === 6 ? true : undefined),
      'usage to converge',
      15_000,
    );
    await eventually(
      async () => (quotaExceeded(await org()) === 'False' ? true : undefined),
      'QuotaExceeded False after raising the quota',
      15_000,
    );
  }, 60_000);

  it('repairs drift in either direction to the number of agents stored', async () => {
    const n = await stored();
    for (const wrong of [0, 40]) {
      // the server may answer 409 to this unguarded patch while the controller writes the status
      await eventually(
        async () => {
          const r = await ts.call('PATCH', `${orgsPath(ORG)}/status`, {
            body: { status: { usage: { agents: wrong } } },
            headers: { 'Content-Type': 'application/merge-patch+json' },
          });
          return r.status === 409 ? undefined : expectCode(r, 200);
        },
        `usage set to ${String(wrong)}`,
      );
      await eventually(
        async () => (usageOf(await org()) === n ? true : undefined),
        `usage ${String(wrong)} repaired to ${String(n)}`,
        15_000,
      );
    }
  }, 60_000);
});
