/**
 * A request quota shared by two API servers on one etcd: a burst of one organization's requests
 * spread over both is cut at the limit, overshooting it by at most 10 % (each server admits at
 * most its slack of requests the other has not seen), and the activity both servers counted adds
 * up in storage.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentsPath, orgsPath, organization } from '../support/api-helpers.js';
import { until } from '../support/controllers-process.js';
import { startEtcd, type EtcdServer } from '../support/etcd.js';
import { startApiServerPair, type ApiServerProcess } from '../support/ha.js';

const LIMIT = 200;
const PER_SERVER = 300;
const CLIENTS = 8;
const AS_DEV = { headers: { 'Impersonate-User': 'dev' } };

describe('HA topology: a request quota shared by two API servers', () => {
  let etcd: EtcdServer;
  let dir: string;
  let servers: ApiServerProcess[] = [];

  beforeAll(async () => {
    etcd = await startEtcd();
    dir = await mkdtemp(join(tmpdir(), 'orgplane-ha-quota-'));
    servers = await startApiServerPair(dir, etcd.endpoints, []);
    const [a] = servers;
    if (!a) throw new Error('no server');
    expect(
      (
        await a.call('POST', orgsPath(), {
          body: organization('busy', { rateLimits: { requestsPerDay: LIMIT } }),
        })
      ).status,
    ).toBe(201);
    const binding = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'dev' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'developer' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'dev' }],
    };
    expect(
      (
        await a.call('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/busy/rolebindings', {
          body: binding,
        })
      ).status,
    ).toBe(201);
  }, 120_000);

  afterAll(async () => {
    for (const s of servers) await s.kill('SIGTERM');
    await etcd.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('admits the limit and at most 10 % more, counting every request once', async () => {
    const codes: number[] = [];
    // each server knows the Organization and the binding before the burst (these count too)
    for (const s of servers)
      await until(
        'the binding on every server',
        async () => {
          const r = await s.call('GET', agentsPath('busy'), AS_DEV);
          codes.push(r.status);
          return r.status === 200 ? true : undefined;
        },
        30_000,
      );
    const burst = async (s: ApiServerProcess): Promise<void> => {
      let left = PER_SERVER;
      const client = async (): Promise<void> => {
        while (left-- > 0) codes.push((await s.call('GET', agentsPath('busy'), AS_DEV)).status);
      };
      await Promise.all(Array.from({ length: CLIENTS }, client));
    };
    await Promise.all(servers.map(burst));
    const admitted = codes.filter((c) => c === 200).length;
    expect(codes.filter((c) => c !== 200 && c !== 429 && c !== 403)).toEqual([]);
    expect(admitted).toBeGreaterThanOrEqual(LIMIT);
    expect(admitted).toBeLessThanOrEqual(LIMIT * 1.1);
    // every request counts, whichever server answered it and whatever the answer
    for (const s of servers)
      await until(
        'both servers’ counts in storage',
        async () => {
          const r = await s.call('GET', `${orgsPath('busy')}/activity?days=1`);
          const day = (r.json as { days?: { requests: number }[] }).days?.[0];
          return day?.requests === codes.length ? true : undefined;
        },
        15_000,
      );
  }, 120_000);
});
