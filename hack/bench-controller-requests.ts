/**
 * What the controllers cost the API server: an in-process server (embedded store), the
 * controllers in-process (unelected) talking to it through client-node, one Organization with a
 * quota; N Agents are created (32 in flight) and the requests the controllers made until every
 * Agent is Ready are printed by verb and resource.
 *   npx tsx hack/bench-controller-requests.ts [--agents 500]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import type { KubeObject } from '../api/meta.js';
import { runControllers } from '../controllers/index.js';
import { kubeTransport } from '../controllers/runtime/kube-transport.js';
import { silentLogger } from '../controllers/runtime/logger.js';
import { pool } from '../test/support/watch.js';
import { adminClient, type AdminClient, benchServer, fmt, numberArg } from './bench-support.js';

const N = numberArg('agents', 500);
const API = '/apis/orgplane.io/v1alpha1';
const ORG = 'bench-requests';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(what: string, test: () => Promise<boolean>, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

async function readyAgents(http: AdminClient): Promise<number> {
  const r = await http.call('GET', `${API}/namespaces/${ORG}/agents`);
  const items = (JSON.parse(r.text) as { items: KubeObject[] }).items;
  return items.filter((a) => (a.status as { phase?: string } | undefined)?.phase === 'Ready').length;
}

function delta(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(after)) if (v - (before[k] ?? 0) > 0) out[k] = v - (before[k] ?? 0);
  return out;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'orgplane-bench-requests-'));
  const server = await benchServer(dir);
  const http = adminClient(server, 32);
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(server.kubeconfigPath);
  const controllers = runControllers({
    connect: () => kubeTransport(kubeConfig),
    logger: silentLogger,
    leaderElect: false,
  });
  try {
    const org = { apiVersion: 'orgplane.io/v1alpha1', kind: 'Organization', metadata: { name: ORG } };
    await http.call('POST', `${API}/organizations`, { ...org, spec: { quota: { agents: N * 2 } } });
    await until('the organization to be Active', async () => {
      const o = JSON.parse((await http.call('GET', `${API}/organizations/${ORG}`)).text) as KubeObject;
      return (o.status as { phase?: string } | undefined)?.phase === 'Active';
    });
    await sleep(1000);
    const before = controllers.requests.snapshot();
    const t0 = performance.now();
    await pool(
      Array.from({ length: N }, (_, i) => i),
      32,
      async (i) => {
        const a = { apiVersion: 'orgplane.io/v1alpha1', kind: 'Agent', metadata: { name: `a-${String(i)}` } };
        const r = await http.call('POST', `${API}/namespaces/${ORG}/agents`, { ...a, spec: { model: 'm' } });
        if (r.status !== 201) throw new Error(`create agent ${String(i)}: ${String(r.status)} ${r.text}`);
      },
    );
    const created = performance.now() - t0;
    await until(`${String(N)} agents Ready`, async () => (await readyAgents(http)) === N);
    const ready = performance.now() - t0;
    await sleep(2000);
    const d = delta(controllers.requests.snapshot(), before);
    console.log(
      `${String(N)} agents: created in ${fmt(created / 1000)} s, all Ready after ${fmt(ready / 1000)} s`,
    );
    console.log(`controller requests (${fmt((d['total'] ?? 0) / N)} per agent):`);
    for (const [k, v] of Object.entries(d)) console.log(`  ${k}: ${String(v)}`);
  } finally {
    await controllers.stop();
    http.close();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
