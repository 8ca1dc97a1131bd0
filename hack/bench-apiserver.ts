/**
 * API server latency: creates and lists of Agents through HTTPS, 64 requests in flight, on the
 * embedded store and on etcd (started here on loopback, with fsync). Prints p50/p99 per operation.
 *   npx tsx hack/bench-apiserver.ts [--agents 10000] [--backend embedded|etcd|both]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '../apiserver/observability/logger.js';
import { startApiServer } from '../apiserver/server/start.js';
import { startEtcd, type EtcdServer } from '../test/support/etcd.js';

const arg = (name: string, def: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? def) : def;
};
const AGENTS = Number(arg('agents', '10000'));
const IN_FLIGHT = 64;
const NS = 'bench';

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

type Call = (method: string, path: string, body?: unknown) => Promise<number>;

function client(url: string, ca: string, token: string): Call {
  const agent = new Agent({ ca, keepAlive: true, maxSockets: IN_FLIGHT });
  return (method, path, body) =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = request(
        `${url}${path}`,
        {
          method,
          agent,
          headers: {
            Authorization: `Bearer ${token}`,
            ...(payload ? { 'Content-Type': 'application/json' } : {}),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            resolve(res.statusCode ?? 0);
          });
        },
      );
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
}

async function timed(n: number, op: (i: number) => Promise<number>, ok: number): Promise<number[]> {
  const lat: number[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n) {
      const i = next++;
      const t0 = performance.now();
      const code = await op(i);
      lat.push(performance.now() - t0);
      if (code !== ok) throw new Error(`request ${i} answered ${code}`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return lat;
}

async function run(backend: 'embedded' | 'etcd'): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'orgplane-bench-'));
  let etcd: EtcdServer | undefined;
  if (backend === 'etcd') etcd = await startEtcd({ fsync: true });
  const server = await startApiServer({
    dataDir: dir,
    port: 0,
    bindAddress: '127.0.0.1',
    crdsDir: fileURLToPath(new URL('../crds', import.meta.url)),
    logger: silentLogger(),
    ...(etcd ? { etcdServers: etcd.endpoints } : {}),
  });
  try {
    const call = client(server.url, server.caCert, server.adminToken);
    await call('POST', '/apis/orgplane.io/v1alpha1/organizations', {
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Organization',
      metadata: { name: NS },
      spec: { displayName: 'Bench' },
    });
    const t0 = performance.now();
    const create = await timed(
      AGENTS,
      (i) =>
        call('POST', `/apis/orgplane.io/v1alpha1/namespaces/${NS}/agents`, {
          apiVersion: 'orgplane.io/v1alpha1',
          kind: 'Agent',
          metadata: { name: `a-${i}`, labels: { tier: i % 2 ? 'odd' : 'even' } },
          spec: { model: 'gpt-4', description: 'benchmark agent' },
        }),
      201,
    );
    const secs = (performance.now() - t0) / 1000;
    const list500 = await timed(
      640,
      () => call('GET', `/apis/orgplane.io/v1alpha1/namespaces/${NS}/agents?limit=500`),
      200,
    );
    const listAll = await timed(
      64,
      () => call('GET', `/apis/orgplane.io/v1alpha1/namespaces/${NS}/agents`),
      200,
    );
    const f = (x: number): string => x.toFixed(1);
    console.log(
      `${backend}: create x${AGENTS} (${IN_FLIGHT} in flight): ${f(AGENTS / secs)}/s, p50 ${f(pct(create, 50))} ms, p99 ${f(pct(create, 99))} ms`,
    );
    console.log(`${backend}: list limit=500: p50 ${f(pct(list500, 50))} ms, p99 ${f(pct(list500, 99))} ms`);
    console.log(
      `${backend}: list all ${AGENTS}: p50 ${f(pct(listAll, 50))} ms, p99 ${f(pct(listAll, 99))} ms`,
    );
  } finally {
    await server.stop();
    await etcd?.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

const which = arg('backend', 'both');
for (const b of ['embedded', 'etcd'] as const) if (which === 'both' || which === b) await run(b);
process.exit(0);
