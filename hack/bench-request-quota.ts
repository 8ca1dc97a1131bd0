/**
 * What request quotas cost per request. In process: the counter module's work for one request of
 * an organization's user (count it, and with limits check and admit it), and the storage writes
 * it makes (batched: one compare-and-swap per organization and flush, not one per request).
 * Over HTTPS: a tenant user's GETs per second on an organization with rateLimits set high
 * (checked, never reached) against one without rateLimits (counted only), on one in-process
 * server, in alternating rounds; the difference is the quota check's µs per request.
 *   npx tsx hack/bench-request-quota.ts [--calls 200000] [--gets 2000] [--clients 8] [--rounds 5]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../apiserver/observability/logger.js';
import { InternalStore } from '../apiserver/registry/internal.js';
import { openEmbeddedStorage } from '../apiserver/storage/embedded/index.js';
import { UsageCounters } from '../apiserver/usage/index.js';
import { adminClient, benchServer, median, numberArg } from './bench-support.js';
import { apiClient } from './bench/client.js';

const CALLS = numberArg('calls', 200_000);
const GETS = numberArg('gets', 2000);
const CLIENTS = numberArg('clients', 8);
const ROUNDS = numberArg('rounds', 5);
const HIGH = { requestsPerMinute: 1_000_000_000, requestsPerDay: 1_000_000_000 };
const API = '/apis/orgplane.io/v1alpha1';

async function inProcess(dir: string): Promise<{ countUs: number; admitUs: number; writes: number }> {
  const storage = await openEmbeddedStorage({ path: join(dir, 'counters'), leaseCheckIntervalMs: 0 });
  const counters = new UsageCounters({
    internal: new InternalStore(storage),
    logger: silentLogger(),
    serverId: 'bench',
  });
  counters.start();
  await counters.admit('warm', HIGH);
  const t0 = performance.now();
  for (let i = 0; i < CALLS; i++) counters.countRequest('plain', `user-${String(i % 50)}`, false);
  const t1 = performance.now();
  for (let i = 0; i < CALLS; i++) {
    counters.countRequest('limited', `user-${String(i % 50)}`, false);
    if (counters.admitNow('limited', HIGH).kind === 'sync') await counters.admit('limited', HIGH);
  }
  const t2 = performance.now();
  await counters.stop();
  await storage.close();
  return {
    countUs: ((t1 - t0) * 1000) / CALLS,
    admitUs: ((t2 - t1) * 1000) / CALLS,
    writes: counters.writes,
  };
}

async function overHttps(dir: string): Promise<{ plain: number; limited: number; overheadUs: number }> {
  const server = await benchServer(join(dir, 'server'));
  const admin = adminClient(server);
  try {
    const org = (name: string, spec: object): object => ({
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Organization',
      metadata: { name },
      spec,
    });
    await admin.call('POST', `${API}/organizations`, org('plain', {}));
    await admin.call('POST', `${API}/organizations`, org('limited', { rateLimits: HIGH }));
    await admin.call('POST', `${API}/serviceaccounts`, {
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'ServiceAccount',
      metadata: { name: 'dev' },
    });
    for (const ns of ['plain', 'limited'])
      await admin.call('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'dev' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'developer' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'dev' }],
      });
    const tr = await admin.call('POST', `${API}/serviceaccounts/dev/token`, {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: {},
    });
    const token = (JSON.parse(tr.text) as { status: { token: string } }).status.token;
    const dev = apiClient({ url: server.url, caCert: server.caCert, token }, CLIENTS);
    const rate = async (ns: string): Promise<number> => {
      let left = GETS;
      const t0 = performance.now();
      const client = async (): Promise<void> => {
        while (left-- > 0) {
          const r = await dev.call('GET', `${API}/namespaces/${ns}/agents`);
          if (r.status !== 200) throw new Error(`GET agents in ${ns}: ${String(r.status)} ${r.text}`);
        }
      };
      await Promise.all(Array.from({ length: CLIENTS }, client));
      return GETS / ((performance.now() - t0) / 1000);
    };
    await rate('plain');
    await rate('limited');
    const plain: number[] = [];
    const limited: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      plain.push(await rate('plain'));
      limited.push(await rate('limited'));
    }
    dev.close();
    const overheads = plain.map((p, i) => 1e6 / (limited[i] ?? p) - 1e6 / p);
    return { plain: median(plain), limited: median(limited), overheadUs: median(overheads) };
  } finally {
    admin.close();
    await server.stop();
  }
}

const dir = await mkdtemp(join(tmpdir(), 'orgplane-bench-quota-'));
try {
  const p = await inProcess(dir);
  console.log(`request counters, in process (${String(CALLS)} requests per case):`);
  console.log(
    `  counted only: ${p.countUs.toFixed(2)} µs/request   counted and checked against rateLimits: ${p.admitUs.toFixed(2)} µs/request   storage writes for ${String(2 * CALLS)} requests: ${String(p.writes)}`,
  );
  const h = await overHttps(dir);
  const overhead = h.overheadUs;
  console.log(
    `a tenant user's GETs over HTTPS (${String(CLIENTS)} clients, alternating rounds, medians of ${String(ROUNDS)} of ${String(GETS)}):`,
  );
  console.log(
    `  without rateLimits: ${h.plain.toFixed(0)}/s   with rateLimits (never reached): ${h.limited.toFixed(0)}/s   quota check: ${overhead.toFixed(1)} µs/request`,
  );
  console.log(
    JSON.stringify({
      ...p,
      getsPerSecPlain: Math.round(h.plain),
      getsPerSecLimited: Math.round(h.limited),
      overheadUs: overhead,
    }),
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
