/**
 * Billing sync latency: an in-process API server and controllers (as `orgplane up` runs them),
 * with Lago and Stripe played by the loopback contract server. Creates Organizations one after
 * another and times each from its create request to BillingSynced=True, seen through a watch.
 *   npx tsx hack/bench-billing.ts [--orgs 20]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Organization } from '../api/organization.js';
import type { RunningApiServer } from '../apiserver/server/start.js';
import { startUpControllers } from '../cmd/up-controllers.js';
import { loadBillingConfig } from '../controllers/billing/index.js';
import type { RunningControllers } from '../controllers/index.js';
import { isStatusConditionTrue } from '../controllers/runtime/conditions.js';
import { silentLogger } from '../controllers/runtime/logger.js';
import { AGENTS, NAMESPACES, ORGANIZATIONS, ROLE_BINDINGS } from '../controllers/runtime/resources.js';
import { startBillingContract, type BillingContract } from '../test/support/billing-contract.js';
import { adminClient, type AdminClient, benchServer, fmt, numberArg, percentile } from './bench-support.js';

const ORGS = numberArg('orgs', 20);
const SYNC_TIMEOUT_MS = 30_000;
const ORGS_PATH = '/apis/orgplane.io/v1alpha1/organizations';
const KEYS = { BENCH_LAGO_API_KEY: 'lago-test-key', BENCH_STRIPE_API_KEY: 'sk_test_fake' };

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The billing config file format of --billing-config, both providers at the contract server. */
async function writeBillingConfig(dir: string, contract: BillingContract): Promise<string> {
  const file = join(dir, 'billing.yaml');
  await writeFile(
    file,
    `lago:\n  apiUrl: ${contract.lagoUrl}\n  apiKeyEnv: BENCH_LAGO_API_KEY\n` +
      `stripe:\n  apiBase: ${contract.url}\n  apiKeyEnv: BENCH_STRIPE_API_KEY\n`,
  );
  return file;
}

/** Until the controllers lead and every informer holds its first list (then the workers start). */
async function controllersReady(c: RunningControllers): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!c.isRunning()) {
    if (Date.now() > deadline) throw new Error('controllers did not win the Lease within 30 s');
    await sleep(10);
  }
  for (const res of [ORGANIZATIONS, AGENTS, NAMESPACES, ROLE_BINDINGS])
    if (!(await c.manager.informer(res).waitForSync())) throw new Error(`${res.plural} informer stopped`);
}

/** Resolves, per awaited name, on the first watch event showing BillingSynced=True. */
class SyncWaiters {
  private readonly waiting = new Map<string, () => void>();

  onEvent(org: Organization): void {
    const name = org.metadata.name ?? '';
    const done = this.waiting.get(name);
    if (done && isStatusConditionTrue(org.status?.conditions, 'BillingSynced')) {
      this.waiting.delete(name);
      done();
    }
  }

  wait(name: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(name);
        reject(new Error(`${name}: no BillingSynced=True within ${SYNC_TIMEOUT_MS} ms`));
      }, SYNC_TIMEOUT_MS);
      this.waiting.set(name, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

async function measure(client: AdminClient): Promise<number[]> {
  const waiters = new SyncWaiters();
  const watch = await client.watch(ORGS_PATH, (ev) => {
    if (ev.type === 'ADDED' || ev.type === 'MODIFIED') waiters.onEvent(ev.object);
  });
  try {
    const latencies: number[] = [];
    for (let i = 0; i < ORGS; i++) {
      const name = `bench-billing-${String(i).padStart(2, '0')}`;
      const synced = waiters.wait(name);
      const t0 = performance.now();
      const res = await client.call('POST', ORGS_PATH, {
        apiVersion: 'orgplane.io/v1alpha1',
        kind: 'Organization',
        metadata: { name },
        spec: { billing: { email: `billing@${name}.example.com`, providers: ['lago', 'stripe'] } },
      });
      if (res.status !== 201) throw new Error(`create ${name} answered ${res.status}: ${res.text}`);
      await synced;
      const ms = performance.now() - t0;
      latencies.push(ms);
      console.log(`${name}: ${fmt(ms)} ms`);
    }
    return latencies;
  } finally {
    watch.stop();
  }
}

/** Exactly one customer per Organization in each provider. */
function checkCustomers(contract: BillingContract): void {
  const lago = contract.lago().length;
  const stripe = contract.stripe().length;
  console.log(`contract server: ${lago} Lago customers, ${stripe} Stripe customers`);
  if (lago !== ORGS || stripe !== ORGS)
    throw new Error(`expected ${ORGS} customers per provider, got lago ${lago}, stripe ${stripe}`);
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'orgplane-bench-billing-'));
  let contract: BillingContract | undefined;
  let server: RunningApiServer | undefined;
  let controllers: RunningControllers | undefined;
  let client: AdminClient | undefined;
  try {
    contract = await startBillingContract();
    const billingConfig = await loadBillingConfig(await writeBillingConfig(dir, contract), KEYS);
    server = await benchServer(join(dir, 'data'));
    controllers = startUpControllers({
      server: server,
      logger: silentLogger,
      billingConfig,
    });
    await controllersReady(controllers);
    client = adminClient(server, 4);
    const latencies = await measure(client);
    console.log(
      `create → BillingSynced=True over ${ORGS} organizations: ` +
        `p50 ${fmt(percentile(latencies, 50))} ms, p90 ${fmt(percentile(latencies, 90))} ms, ` +
        `max ${fmt(Math.max(...latencies))} ms`,
    );
    checkCustomers(contract);
  } finally {
    client?.close();
    await controllers?.stop();
    await server?.stop();
    await contract?.close();
    await rm(dir, { recursive: true, force: true });
  }
}

try {
  await main();
  process.exit(0);
} catch (err) {
  console.error(`bench-billing: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
