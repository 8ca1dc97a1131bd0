/**
 * Two controller replicas against one real API server: only the Lease holder acts; when it stops
 * (and releases the Lease), the other takes over and acts.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { KubeConfig } from '@kubernetes/client-node';
import type { KubeObject } from '../../api/meta.js';
import { runControllers, type RunningControllers } from '../../controllers/index.js';
import { kubeTransport } from '../../controllers/runtime/kube-transport.js';
import { silentLogger } from '../../controllers/runtime/logger.js';
import { startTestServer, type TestServer } from '../support/apiserver.js';
import { create, eventually, obj, organization, orgsPath } from '../support/api-helpers.js';

let ts: TestServer;
const replicas: RunningControllers[] = [];

beforeAll(async () => {
  ts = await startTestServer('embedded');
}, 60_000);

afterAll(async () => {
  await Promise.all(replicas.map((r) => r.stop()));
  await ts.stop();
});

function replica(identity: string): RunningControllers {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(ts.server.kubeconfigPath);
  const r = runControllers({
    connect: () => kubeTransport(kubeConfig),
    logger: silentLogger,
    identity,
    leaseDurationMs: 3000,
    renewDeadlineMs: 2000,
    retryPeriodMs: 200,
  });
  replicas.push(r);
  return r;
}

const holder = async (): Promise<unknown> => {
  const r = await ts.call(
    'GET',
    '/apis/coordination.k8s.io/v1/namespaces/orgplane-system/leases/orgplane-controllers',
  );
  return (obj(r).spec as { holderIdentity?: string } | undefined)?.holderIdentity;
};

const readyOrg = (name: string): Promise<KubeObject> =>
  eventually(
    async () => {
      const o = obj(await ts.call('GET', orgsPath(name)));
      const ready = (
        o.status as { conditions?: { type: string; status: string }[] } | undefined
      )?.conditions?.find((c) => c.type === 'Ready');
      return ready?.status === 'True' ? o : undefined;
    },
    `organization ${name} Ready`,
    15_000,
  );

describe('leader election between two controller replicas', () => {
  it('only the holder acts; the other takes over after it stops', async () => {
    const a = replica('replica-a');
    await eventually(async () => ((await holder()) === 'replica-a' ? true : undefined), 'replica-a to lead');
    const b = replica('replica-b');
    await new Promise((r) => setTimeout(r, 1000));
    expect(a.isRunning()).toBe(true);
    expect(b.isRunning()).toBe(false);
    expect(await holder()).toBe('replica-a');

    await create(ts, orgsPath(), organization('first'));
    await readyOrg('first');
    const hosts = await eventually(async () => {
      const events = (await ts.call('GET', '/api/v1/events?fieldSelector=involvedObject.kind%3DOrganization'))
        .json as {
        items: KubeObject[];
      };
      return events.items.length > 0
        ? new Set(events.items.map((e) => (e.source as { host?: string }).host))
        : undefined;
    }, 'events about the organization');
    expect(hosts).toEqual(new Set(['replica-a']));

    await a.stop();
    await eventually(() => Promise.resolve(b.isRunning() ? true : undefined), 'replica-b to take over', 5000);
    expect(await holder()).toBe('replica-b');
    await create(ts, orgsPath(), organization('second'));
    const second = await readyOrg('second');
    expect(second.metadata.finalizers).toEqual(['orgplane.io/teardown']);
  }, 30_000);
});
