/**
 * The controllers under faults, with organizations being created all along (two `orgplane
 * controllers` processes, one API server, billing against the contract server):
 *  - the leader paused (SIGSTOP) past its lease and resumed: from the moment the other took over,
 *    the audit log holds no write of the paused one (its writes are fenced by the lease), and it
 *    steps down to a follower;
 *  - the leader SIGKILLed: the other leads within 15 s; every Organization ends with exactly one
 *    customer per provider, and every Stripe create carries the organization's idempotency key.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Organization } from '../../api/organization.js';
import { stripeIdempotencyKey } from '../../controllers/billing/stripe.js';
import { organization, orgsPath } from '../support/api-helpers.js';
import { startBillingContract, type BillingContract } from '../support/billing-contract.js';
import {
  LEASE_PATH,
  startControllersProcess,
  until,
  type ControllersProcess,
} from '../support/controllers-process.js';
import { startEtcd, type EtcdServer } from '../support/etcd.js';
import { startApiServerProcess, type ApiServerProcess } from '../support/ha.js';

interface LeaseSpec {
  readonly holderIdentity?: string;
  readonly acquireTime?: string;
}

interface AuditLine {
  readonly stage: string;
  readonly responseStatus?: { readonly code?: number };
  readonly verb: string;
  readonly userAgent?: string;
  readonly requestReceivedTimestamp: string;
  readonly stageTimestamp: string;
  readonly requestURI: string;
}

const WRITES = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);

describe('controllers under faults', () => {
  let etcd: EtcdServer;
  let dir: string;
  let api: ApiServerProcess;
  let billing: BillingContract;
  let billingConfig: string;
  const procs: ControllersProcess[] = [];
  let created = 0;

  const lease = async (): Promise<LeaseSpec> => {
    const r = await api.call('GET', LEASE_PATH);
    return r.status === 200 ? ((r.json as { spec?: LeaseSpec }).spec ?? {}) : {};
  };
  const start = async (identity: string): Promise<ControllersProcess> => {
    const p = await startControllersProcess(join(dir, 'admin.kubeconfig'), identity, {
      billingConfig,
      env: { LAGO_KEY_HA: 'lago-key', STRIPE_KEY_HA: 'sk_test_ha' },
    });
    procs.push(p);
    return p;
  };
  /** Creates an Organization with billing in both providers every 100 ms until stop(). */
  const load = (prefix: string) => {
    const state = { stopped: false };
    const names: string[] = [];
    const done = (async () => {
      while (!state.stopped) {
        const name = `${prefix}-${String(created++)}`;
        const body = organization(name, {
          displayName: name,
          billing: { email: `b@${name}.example.com`, providers: ['lago', 'stripe'] },
        });
        const r = await api.call('POST', orgsPath(), { body });
        if (r.status !== 201) throw new Error(`create ${name}: ${String(r.status)} ${r.text}`);
        names.push(name);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    return {
      names,
      stop: async () => {
        state.stopped = true;
        await done;
      },
    };
  };
  const billingSynced = async (name: string): Promise<Organization | undefined> => {
    const r = await api.call('GET', orgsPath(name));
    const o = r.json as Organization;
    const c = o.status?.conditions?.find((x) => x.type === 'BillingSynced');
    return c?.status === 'True' ? o : undefined;
  };
  const audit = async (): Promise<AuditLine[]> =>
    (await readFile(join(dir, 'audit', 'audit.log'), 'utf8'))
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as AuditLine);

  beforeAll(async () => {
    etcd = await startEtcd();
    dir = await mkdtemp(join(tmpdir(), 'orgplane-ha-ctl-'));
    api = await startApiServerProcess(dir, etcd.endpoints);
    billing = await startBillingContract();
    billingConfig = join(dir, 'billing.yaml');
    await writeFile(
      billingConfig,
      `lago: {apiUrl: "${billing.lagoUrl}", apiKeyEnv: LAGO_KEY_HA}\n` +
        `stripe: {apiBase: "${billing.url}", apiKeyEnv: STRIPE_KEY_HA}\n`,
    );
    await start('ctl-a');
    await until(
      'ctl-a to lead',
      async () => ((await lease()).holderIdentity === 'ctl-a' ? true : undefined),
      20_000,
    );
    await start('ctl-b');
  }, 120_000);

  afterAll(async () => {
    for (const p of procs) {
      await p.signal('SIGCONT');
      await p.signal('SIGKILL');
    }
    await api.kill('SIGTERM');
    await billing.close();
    await etcd.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('a leader paused past its lease writes nothing once the other took over, and steps down', async () => {
    const [a] = procs as [ControllersProcess];
    const traffic = load('pause');
    await until('ctl-a to reconcile under load', () => billingSynced('pause-0'), 30_000);
    await a.signal('SIGSTOP');
    const stoppedAt = Date.now();
    const takeover = await until(
      'ctl-b to take the lease',
      async () => {
        const l = await lease();
        return l.holderIdentity === 'ctl-b' ? l : undefined;
      },
      30_000,
    );
    const takenAt = Date.parse(takeover.acquireTime ?? '');
    process.stdout.write(`fencing: ctl-b took over ${String(takenAt - stoppedAt)} ms after SIGSTOP\n`);
    // a stays stopped well past its lease, with work piling up in its watch streams
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await a.signal('SIGCONT');
    await until(
      'ctl-a to step down',
      () => Promise.resolve(a.log().includes('lost the lease') ? true : undefined),
      30_000,
    );
    await traffic.stop();
    // every name is reconciled by b; the last one's audit record flushes everything before it
    const last = traffic.names[traffic.names.length - 1] ?? '';
    await until(
      'every organization billed',
      async () => {
        for (const n of traffic.names) if (!(await billingSynced(n))) return undefined;
        return true;
      },
      60_000,
    );
    await until(
      'the audit log to hold the last write',
      async () =>
        (await audit()).some((e) => e.userAgent?.includes('ctl-b') && e.requestURI.includes(last))
          ? true
          : undefined,
      20_000,
    );
    const writesOfA = (await audit()).filter(
      (e) =>
        WRITES.has(e.verb) && e.userAgent === 'orgplane-controllers/ctl-a' && e.stage === 'ResponseComplete',
    );
    const landed = writesOfA.filter((e) => (e.responseStatus?.code ?? 0) < 300);
    expect(landed.filter((e) => Date.parse(e.stageTimestamp) < stoppedAt).length).toBeGreaterThan(0);
    expect(
      landed
        .filter((e) => Date.parse(e.stageTimestamp) >= takenAt)
        .map((e) => `${e.verb} ${e.requestURI} at ${e.stageTimestamp}`),
    ).toEqual([]);
    const refused = (a.log().match(/write refused/g) ?? []).length;
    const late = writesOfA.filter((e) => Date.parse(e.requestReceivedTimestamp) >= takenAt).length;
    process.stdout.write(
      `fencing: ctl-a refused ${String(refused)} writes itself after waking; the server refused ${String(late)} that arrived past their deadline\n`,
    );
    // a is a follower now: alive, not leading
    expect(a.child.exitCode).toBeNull();
    expect((await lease()).holderIdentity).toBe('ctl-b');
  }, 150_000);

  it('a leader SIGKILLed is replaced within 15 s, and billing never doubles a customer', async () => {
    const holder = (await lease()).holderIdentity;
    const leader = procs.find((p) => p.identity === holder && p.child.exitCode === null);
    if (!leader) throw new Error(`no live leader (lease held by ${String(holder)})`);
    const traffic = load('kill');
    await until('the leader to bill under load', () => billingSynced('kill-' + String(created - 1)), 30_000);
    await leader.signal('SIGKILL');
    const killedAt = Date.now();
    const successor = await until(
      'a successor to take the lease',
      async () => {
        const l = await lease();
        return l.holderIdentity && l.holderIdentity !== holder ? l : undefined;
      },
      20_000,
    );
    const tookMs = Date.parse(successor.acquireTime ?? '') - killedAt;
    process.stdout.write(
      `failover: ${String(successor.holderIdentity)} took over ${String(tookMs)} ms after SIGKILL\n`,
    );
    expect(tookMs).toBeLessThan(15_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await traffic.stop();

    const orgs: Organization[] = [];
    for (const n of traffic.names) orgs.push(await until(`${n} billed`, () => billingSynced(n), 60_000));
    const stripe = billing.stripe();
    const lago = billing.lago();
    for (const o of orgs) {
      const uid = o.metadata.uid ?? '';
      const mine = stripe.filter((c) => c.metadata['org_uid'] === uid);
      expect({ org: o.metadata.name, stripe: mine.length }).toEqual({ org: o.metadata.name, stripe: 1 });
      expect(lago.filter((c) => c.external_id === uid)).toHaveLength(1);
      expect(o.status?.billing?.stripeCustomerId).toBe(mine[0]?.id);
    }
    const creates = billing.calls().filter((c) => c.method === 'POST' && c.path === '/v1/customers');
    for (const c of creates) {
      const uid = new URLSearchParams(c.body).get('metadata[org_uid]') ?? '';
      expect(c.idempotencyKey ?? '').toMatch(new RegExp(`^${stripeIdempotencyKey(uid)}`));
    }
  }, 150_000);
});
