/**
 * Crash safety of the billing controller, end to end: a real API server, the billing contract
 * server, and the controller in its own process. The controller is made to exit right after
 * Stripe answered a create and before the customer id reached the Organization's status; after a
 * restart the Organization ends up synced with exactly one customer per provider, and deleting
 * it removes both customers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Condition } from '../../api/meta.js';
import type { Organization } from '../../api/organization.js';
import { stripeIdempotencyKey } from '../../controllers/billing/stripe.js';
import { startTestServer, type TestServer } from '../support/apiserver.js';
import { startBillingContract, type BillingContract } from '../support/billing-contract.js';
import { EXIT_BEFORE_STATUS_CODE } from '../support/billing-crash.js';

const main = fileURLToPath(new URL('../support/billing-controller-main.ts', import.meta.url));
const ORG_PATH = '/apis/orgplane.io/v1alpha1/organizations';

let ts: TestServer;
let contract: BillingContract;
let dir: string;
let configFile: string;
const children: ChildProcess[] = [];
/** the controllers' stderr, shown when a wait times out */
let controllerLog = '';

function startController(extraArgs: string[] = []): ChildProcess {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      main,
      '--kubeconfig',
      ts.server.kubeconfigPath,
      '--billing-config',
      configFile,
      ...extraArgs,
    ],
    {
      env: { ...process.env, LAGO_KEY_E2E: 'lago-key', STRIPE_KEY_E2E: 'sk_test_e2e' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => {
    controllerLog += d;
  });
  children.push(child);
  return child;
}

function exitCode(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`controller did not exit within ${String(timeoutMs)} ms`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

async function getOrg(name: string): Promise<Organization | undefined> {
  const r = await ts.call('GET', `${ORG_PATH}/${name}`);
  return r.status === 200 ? (r.json as Organization) : undefined;
}

async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; controller log:\n${controllerLog}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const synced = (o: Organization | undefined): boolean =>
  (o?.status?.conditions as Condition[] | undefined)?.some(
    (c) => c.type === 'BillingSynced' && c.status === 'True' && c.reason === 'Synced',
  ) === true;

beforeAll(async () => {
  ts = await startTestServer('embedded');
  contract = await startBillingContract();
  dir = await mkdtemp(join(tmpdir(), 'billing-e2e-'));
  configFile = join(dir, 'billing.yaml');
  await writeFile(
    configFile,
    `lago: {apiUrl: "${contract.lagoUrl}", apiKeyEnv: LAGO_KEY_E2E}\n` +
      `stripe: {apiBase: "${contract.url}", apiKeyEnv: STRIPE_KEY_E2E}\n`,
  );
}, 60_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await contract.close();
  await ts.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('billing controller crash between provider call and status write', () => {
  it('leaves exactly one customer per provider after a restart, and deletes them with the org', async () => {
    const created = await ts.call('POST', ORG_PATH, {
      body: {
        apiVersion: 'orgplane.io/v1alpha1',
        kind: 'Organization',
        metadata: { name: 'crash-corp' },
        spec: {
          displayName: 'Crash Corp',
          billing: { email: 'b@crash.example.com', providers: ['lago', 'stripe'] },
        },
      },
    });
    expect(created.status).toBe(201);
    const uid = (created.json as Organization).metadata.uid ?? '';

    const doomed = startController(['--exit-before-status', 'stripe']);
    expect(await exitCode(doomed, 60_000)).toBe(EXIT_BEFORE_STATUS_CODE);
    expect(contract.stripe()).toHaveLength(1);
    expect((await getOrg('crash-corp'))?.status?.billing?.stripeCustomerId).toBeUndefined();

    const survivor = startController();
    const org = await eventually('BillingSynced', async () => {
      const o = await getOrg('crash-corp');
      return synced(o) ? o : undefined;
    });
    expect(contract.lago()).toEqual([expect.objectContaining({ external_id: uid, name: 'Crash Corp' })]);
    expect(contract.stripe()).toEqual([
      expect.objectContaining({ name: 'Crash Corp', metadata: expect.objectContaining({ org_uid: uid }) }),
    ]);
    expect(org.status?.billing?.stripeCustomerId).toBe(contract.stripe()[0]?.id);
    expect(org.status?.billing?.lagoCustomerId).toBe(contract.lago()[0]?.lago_id);
    const creates = contract.calls().filter((c) => c.method === 'POST' && c.path === '/v1/customers');
    expect(creates.length).toBeGreaterThanOrEqual(2);
    expect(new Set(creates.map((c) => c.idempotencyKey))).toEqual(new Set([stripeIdempotencyKey(uid)]));

    expect((await ts.call('DELETE', `${ORG_PATH}/crash-corp`)).status).toBe(200);
    await eventually('organization gone', async () => ((await getOrg('crash-corp')) ? undefined : true));
    expect(contract.lago()).toHaveLength(0);
    expect(contract.stripe()).toHaveLength(0);

    survivor.kill('SIGTERM');
    expect(await exitCode(survivor, 30_000)).toBe(0);
  }, 180_000);
});
