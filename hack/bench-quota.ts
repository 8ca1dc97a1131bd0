/**
 * Quota controller throughput: QuotaReconciler.reconcile() reading its caches (listers over the
 * in-memory FakeClient), with 1 Organization × 10,000 Agents and with 100 Organizations × 100
 * Agents; then (unless --no-e2e) reading informers fed by a KubeClient against an in-process API
 * server holding 1 Organization × 10,000 Agents created through HTTPS.
 * Every quota is above usage, so timed reconciles are steady state: a recount and no write.
 *   npx tsx hack/bench-quota.ts [--reconciles 200] [--e2e-reconciles 20] [--runs 3] [--no-e2e]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import type { KubeObject } from '../api/meta.js';
import type { Organization } from '../api/organization.js';
import { realClock } from '../controllers/runtime/clock.js';
import type { Reconciler } from '../controllers/runtime/controller.js';
import { Informer } from '../controllers/runtime/informer.js';
import { KubeClient } from '../controllers/runtime/kube-client.js';
import { kubeTransport } from '../controllers/runtime/kube-transport.js';
import { AGENTS, ORGANIZATIONS, type ResourceType } from '../controllers/runtime/resources.js';
import { RecordingEvents } from '../controllers/testing/events.js';
import { FakeClient } from '../controllers/testing/fake-client.js';
import { FakeClock } from '../controllers/testing/fake-clock.js';
import { fakeListers } from '../controllers/testing/lister.js';
import { QuotaReconciler } from '../controllers/quota/reconcile.js';
import { adminClient, benchServer, fmt, median, numberArg } from './bench-support.js';
import { pool } from '../test/support/watch.js';

const RECONCILES = numberArg('reconciles', 200);
const E2E_RECONCILES = numberArg('e2e-reconciles', 20);
const RUNS = numberArg('runs', 3);
const E2E_AGENTS = 10_000;
const API = '/apis/orgplane.io/v1alpha1';
const BASE_TIME = Date.parse('2025-01-01T00:00:00Z');

interface Shape {
  readonly orgs: number;
  readonly agentsPerOrg: number;
}

const orgName = (i: number): string => `org-${String(i).padStart(3, '0')}`;

function organization(name: string, agentsQuota: number): Organization {
  return {
    apiVersion: 'orgplane.io/v1alpha1',
    kind: 'Organization',
    metadata: { name },
    spec: { quota: { agents: agentsQuota } },
  };
}

function agent(namespace: string, i: number): KubeObject {
  return {
    apiVersion: 'orgplane.io/v1alpha1',
    kind: 'Agent',
    metadata: {
      name: `agent-${String(i).padStart(5, '0')}`,
      namespace,
      creationTimestamp: new Date(BASE_TIME + i * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    },
    spec: { model: 'gpt-4', description: 'benchmark agent' },
  };
}

function fixture(shape: Shape): FakeClient {
  const api = new FakeClient();
  for (let o = 0; o < shape.orgs; o++) {
    api.seed(ORGANIZATIONS, organization(orgName(o), shape.agentsPerOrg * 2));
    for (let a = 0; a < shape.agentsPerOrg; a++) api.seed(AGENTS, agent(orgName(o), a));
  }
  return api;
}

interface Timing {
  /** the first reconcile of each organization (writes usage and the condition), ms each */
  readonly firstMs: number;
  /** ms per steady-state reconcile, one figure per run */
  readonly runs: number[];
}

/** Reconciles every organization once, then RUNS × n reconciles round-robin over them. */
async function timeReconciles(r: Reconciler, orgs: number, n: number, runs: number): Promise<Timing> {
  const t0 = performance.now();
  for (let o = 0; o < orgs; o++) await r.reconcile(orgName(o));
  const firstMs = (performance.now() - t0) / orgs;
  const out: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    for (let i = 0; i < n; i++) await r.reconcile(orgName(i % orgs));
    out.push((performance.now() - start) / n);
  }
  return { firstMs, runs: out };
}

function report(label: string, t: Timing, n: number): void {
  const ms = median(t.runs);
  console.log(
    `${label}: first reconcile ${fmt(t.firstMs)} ms; ${n} reconciles × ${t.runs.length} runs: ` +
      `${t.runs.map(fmt).join(' / ')} ms each; median ${fmt(ms)} ms = ${fmt(1000 / ms)} reconciles/s`,
  );
}

/** Usage of record equals what exists, and steady-state reconciles wrote nothing. */
function check(api: FakeClient, shape: Shape): void {
  for (let o = 0; o < shape.orgs; o++) {
    const used = api.peek<Organization>(ORGANIZATIONS, orgName(o))?.status?.usage?.['agents'];
    if (used !== shape.agentsPerOrg) throw new Error(`${orgName(o)}: usage.agents ${String(used)}`);
  }
  const writes = api.takeActions().filter((a) => !(a.verb === 'patch' && a.subresource === 'status'));
  if (writes.length > 0) throw new Error(`unexpected writes: ${writes.map((a) => a.verb).join(', ')}`);
}

async function benchFake(shape: Shape): Promise<void> {
  const api = fixture(shape);
  const listers = fakeListers(api);
  const r = new QuotaReconciler({
    client: api,
    events: new RecordingEvents(),
    clock: new FakeClock(),
    listers,
  });
  api.takeActions();
  const t = await timeReconciles(r, shape.orgs, RECONCILES, RUNS);
  const statusWrites = api.actions.length;
  check(api, shape);
  if (statusWrites !== shape.orgs) throw new Error(`${statusWrites} status writes, want ${shape.orgs}`);
  report(`fake client, ${shape.orgs} org × ${shape.agentsPerOrg} agents`, t, RECONCILES);
  const start = performance.now();
  for (let i = 0; i < RECONCILES; i++) await api.list(AGENTS, { namespace: orgName(i % shape.orgs) });
  console.log(
    `  for comparison, FakeClient.list of one organization's agents alone: ${fmt((performance.now() - start) / RECONCILES)} ms`,
  );
}

/** The same reconciler over HTTPS (client-node, pages of 500) against an in-process server. */
async function benchE2E(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'orgplane-bench-quota-'));
  const server = await benchServer(dir);
  const http = adminClient(server, 32);
  let kube: KubeClient | undefined;
  try {
    const ns = orgName(0);
    // The quota is set after the agents exist: creates under a quota serialize on the Organization.
    const made = await http.call('POST', `${API}/organizations`, { ...organization(ns, 0), spec: {} });
    if (made.status !== 201) throw new Error(`create organization answered ${made.status}: ${made.text}`);
    const t0 = performance.now();
    const indexes = Array.from({ length: E2E_AGENTS }, (_, i) => i);
    await pool(indexes, 32, async (i) => {
      const res = await http.call('POST', `${API}/namespaces/${ns}/agents`, agent(ns, i));
      if (res.status !== 201) throw new Error(`create agent ${i} answered ${res.status}: ${res.text}`);
    });
    console.log(
      `e2e: created ${E2E_AGENTS} agents in ${fmt((performance.now() - t0) / 1000)} s (32 in flight)`,
    );
    const kc = new KubeConfig();
    kc.loadFromFile(server.kubeconfigPath);
    kube = new KubeClient(kubeTransport(kc));
    await kube.mergePatch(ORGANIZATIONS, ns, undefined, { spec: { quota: { agents: E2E_AGENTS * 2 } } });
    const client = kube;
    const informers = new Map<ResourceType, Informer<KubeObject>>(
      [ORGANIZATIONS, AGENTS].map((res) => [res, new Informer<KubeObject>({ client, resource: res })]),
    );
    const lister = <T extends KubeObject>(res: ResourceType): Informer<T> => {
      const inf = informers.get(res);
      if (!inf) throw new Error(`no informer of ${res.plural}`);
      return inf as unknown as Informer<T>;
    };
    for (const inf of informers.values()) inf.start();
    await Promise.all([...informers.values()].map((inf) => inf.waitForSync()));
    const r = new QuotaReconciler({
      client,
      events: new RecordingEvents(),
      clock: realClock,
      listers: lister,
    });
    const t = await timeReconciles(r, 1, E2E_RECONCILES, RUNS);
    await Promise.all([...informers.values()].map((inf) => inf.stop()));
    const org = await kube.get<Organization>(ORGANIZATIONS, ns);
    const used = org?.status?.usage?.['agents'];
    if (used !== E2E_AGENTS) throw new Error(`e2e: usage.agents ${String(used)}, want ${E2E_AGENTS}`);
    report(`in-process server (HTTPS), 1 org × ${E2E_AGENTS} agents`, t, E2E_RECONCILES);
  } finally {
    kube?.close();
    http.close();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  await benchFake({ orgs: 1, agentsPerOrg: 10_000 });
  await benchFake({ orgs: 100, agentsPerOrg: 100 });
  if (!process.argv.includes('--no-e2e')) await benchE2E();
}

try {
  await main();
  process.exit(0);
} catch (err) {
  console.error(`bench-quota: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
