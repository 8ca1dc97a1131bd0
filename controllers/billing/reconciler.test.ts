/**
 * BillingReconciler.reconcile() against the in-memory fake API (Organizations) and the loopback
 * billing contract server driven through the real Lago and Stripe SDKs.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { Condition } from '../../api/meta.js';
import type { Organization } from '../../api/organization.js';
import { startBillingContract, type BillingContract } from '../../test/support/billing-contract.js';
import { ORGANIZATIONS } from '../runtime/resources.js';
import { FakeClient } from '../testing/fake-client.js';
import { lagoProvider } from './lago.js';
import type { BillingProvider, ProviderName } from './provider.js';
import { BillingReconciler } from './reconciler.js';
import { stripeIdempotencyKey, stripeProvider } from './stripe.js';

interface Recorded {
  readonly type: string;
  readonly reason: string;
  readonly message: string;
}

let contract: BillingContract;
let api: FakeClient;
let events: Recorded[];

beforeEach(async () => {
  contract = await startBillingContract();
  api = new FakeClient();
  events = [];
});
afterEach(async () => {
  await contract.close();
});

function reconciler(
  names: readonly ProviderName[] = ['lago', 'stripe'],
  extra: { timeoutMs?: number; beforeRecord?: (p: ProviderName, id: string) => void } = {},
): BillingReconciler {
  const timeoutMs = extra.timeoutMs ?? 5000;
  const all: Record<ProviderName, BillingProvider> = {
    lago: lagoProvider({ apiUrl: contract.lagoUrl, apiKey: 'lago-key', timeoutMs }),
    stripe: stripeProvider({ apiBase: contract.url, apiKey: 'sk_test', timeoutMs }),
  };
  return new BillingReconciler({
    client: api,
    providers: Object.fromEntries(names.map((n) => [n, all[n]])),
    events: { event: (_o, type, reason, message) => events.push({ type, reason, message }) },
    ...(extra.beforeRecord ? { beforeRecord: extra.beforeRecord } : {}),
  });
}

function seedOrg(spec: Organization['spec'] = {}): Organization {
  return api.seed<Organization>(ORGANIZATIONS, {
    apiVersion: 'orgplane.io/v1alpha1',
    kind: 'Organization',
    metadata: { name: 'acme' },
    spec: {
      displayName: 'Acme Corp',
      plan: 'professional',
      billing: { email: 'billing@acme.example.com', providers: ['lago', 'stripe'] },
      ...spec,
    },
  });
}

const org = (): Organization => {
  const o = api.peek<Organization>(ORGANIZATIONS, 'acme');
  if (!o) throw new Error('organization acme is gone');
  return o;
};
const condition = (): Condition | undefined =>
  (org().status?.conditions as Condition[] | undefined)?.find((c) => c.type === 'BillingSynced');
const stripeCreates = (): number =>
  contract.calls().filter((c) => c.method === 'POST' && c.path === '/v1/customers').length;

describe('BillingReconciler', () => {
  it('creates one customer per provider and records ids, generation and the condition', async () => {
    const { metadata } = seedOrg();
    const uid = metadata.uid ?? '';
    expect(await reconciler().reconcile('acme')).toBeUndefined();
    const o = org();
    expect(o.metadata.finalizers).toEqual(['orgplane.io/billing']);
    const [lago] = contract.lago();
    const [stripe] = contract.stripe();
    expect(contract.lago()).toHaveLength(1);
    expect(contract.stripe()).toHaveLength(1);
    expect(lago).toMatchObject({ external_id: uid, name: 'Acme Corp', email: 'billing@acme.example.com' });
    expect(lago?.['metadata']).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: 'plan', value: 'professional' })]),
    );
    expect(stripe).toMatchObject({
      name: 'Acme Corp',
      email: 'billing@acme.example.com',
      metadata: { org_uid: uid, org_name: 'acme', plan: 'professional' },
    });
    expect(o.status?.billing).toEqual({
      lagoCustomerId: lago?.lago_id,
      stripeCustomerId: stripe?.id,
      syncedGeneration: 1,
    });
    expect(condition()).toMatchObject({ status: 'True', reason: 'Synced', observedGeneration: 1 });
    const creates = contract.calls().filter((c) => c.method === 'POST' && c.path === '/v1/customers');
    expect(creates.map((c) => c.idempotencyKey)).toEqual([stripeIdempotencyKey(uid)]);
    expect(events).toEqual([expect.objectContaining({ type: 'Normal', reason: 'BillingSynced' })]);

    const callsBefore = contract.calls().length;
    api.takeActions();
    expect(await reconciler().reconcile('acme')).toBeUndefined();
    expect(contract.calls()).toHaveLength(callsBefore);
    expect(api.takeActions()).toEqual([]);
  });

  it('pushes name, email and plan changes once per generation', async () => {
    seedOrg();
    await reconciler().reconcile('acme');
    const o = org();
    await api.update(ORGANIZATIONS, {
      ...o,
      spec: {
        ...o.spec,
        displayName: 'Acme Corporation',
        plan: 'enterprise',
        billing: { email: 'ap@acme.example.com', providers: ['lago', 'stripe'] },
      },
    });
    expect(org().metadata.generation).toBe(2);
    await reconciler().reconcile('acme');
    expect(contract.lago()).toEqual([
      expect.objectContaining({ name: 'Acme Corporation', email: 'ap@acme.example.com' }),
    ]);
    expect(contract.stripe()).toEqual([
      expect.objectContaining({
        name: 'Acme Corporation',
        email: 'ap@acme.example.com',
        metadata: expect.objectContaining({ plan: 'enterprise' }),
      }),
    ]);
    expect(org().status?.billing?.syncedGeneration).toBe(2);
    expect(stripeCreates()).toBe(1);
  });

  it('retries 5xx failures with growing backoff and never duplicates a customer', async () => {
    seedOrg();
    contract.fail({ provider: 'stripe', status: 500, count: 2 });
    const r = reconciler();
    expect(await r.reconcile('acme')).toEqual({ requeueAfter: 1000 });
    expect(condition()).toMatchObject({ status: 'False', reason: 'ProviderUnavailable' });
    expect(org().status?.billing?.lagoCustomerId).toBeDefined();
    expect(org().status?.billing?.syncedGeneration).toBeUndefined();
    expect(events.at(-1)).toMatchObject({ type: 'Warning', reason: 'BillingFailed' });
    expect(await r.reconcile('acme')).toEqual({ requeueAfter: 2000 });
    expect(await r.reconcile('acme')).toBeUndefined();
    expect(condition()).toMatchObject({ status: 'True', reason: 'Synced' });
    expect(contract.lago()).toHaveLength(1);
    expect(contract.stripe()).toHaveLength(1);
    expect(org().status?.billing?.stripeCustomerId).toBe(contract.stripe()[0]?.id);
  });

  it('never duplicates when the process dies between the provider answer and the status write', async () => {
    seedOrg();
    const crash = reconciler(['lago', 'stripe'], {
      beforeRecord: (p) => {
        if (p === 'stripe') throw new Error('killed');
      },
    });
    await expect(crash.reconcile('acme')).rejects.toThrow('killed');
    await expect(crash.reconcile('acme')).rejects.toThrow('killed');
    expect(org().status?.billing?.stripeCustomerId).toBeUndefined();
    expect(stripeCreates()).toBe(2);
    const o = org();
    await api.update(ORGANIZATIONS, { ...o, spec: { ...o.spec, displayName: 'Renamed Meanwhile' } });
    await reconciler().reconcile('acme');
    expect(contract.lago()).toHaveLength(1);
    expect(contract.stripe()).toEqual([expect.objectContaining({ name: 'Renamed Meanwhile' })]);
    expect(org().status?.billing?.stripeCustomerId).toBe(contract.stripe()[0]?.id);
    expect(condition()).toMatchObject({ status: 'True', reason: 'Synced' });
  });

  it('treats a provider that never answers as unavailable', async () => {
    seedOrg({ billing: { providers: ['lago'] } });
    contract.fail({ provider: 'lago', hang: true });
    expect(await reconciler(['lago'], { timeoutMs: 300 }).reconcile('acme')).toEqual({ requeueAfter: 1000 });
    expect(condition()).toMatchObject({
      status: 'False',
      reason: 'ProviderUnavailable',
      message: expect.stringContaining('timed out'),
    });
  });

  it('honours Retry-After on 429', async () => {
    seedOrg();
    contract.fail({ provider: 'lago', status: 429, retryAfter: '7' });
    expect(await reconciler().reconcile('acme')).toEqual({ requeueAfter: 7000 });
    expect(condition()).toMatchObject({ status: 'False', reason: 'RateLimited' });
    expect(org().status?.billing?.stripeCustomerId).toBeDefined();
  });

  it('reports a 4xx answer as Rejected', async () => {
    seedOrg();
    contract.fail({ provider: 'stripe', status: 402 });
    const result = await reconciler().reconcile('acme');
    expect(result?.requeueAfter).toBeGreaterThan(0);
    expect(condition()).toMatchObject({
      status: 'False',
      reason: 'Rejected',
      message: expect.stringContaining('HTTP 402'),
    });
  });

  it('reports NotConfigured for providers the controller has no configuration for', async () => {
    seedOrg();
    expect(await reconciler(['lago']).reconcile('acme')).toBeUndefined();
    expect(condition()).toMatchObject({
      status: 'False',
      reason: 'NotConfigured',
      message: expect.stringContaining('stripe'),
    });
    expect(contract.lago()).toHaveLength(1);
    expect(contract.stripe()).toHaveLength(0);
  });

  it('marks an organization without billing providers NotConfigured and adds no finalizer', async () => {
    seedOrg({ billing: { email: 'x@acme.example.com' } });
    await reconciler().reconcile('acme');
    expect(condition()).toMatchObject({ status: 'True', reason: 'NotConfigured' });
    expect(org().metadata.finalizers).toBeUndefined();
    expect(contract.calls()).toHaveLength(0);
  });

  it('deletes the customers, then removes the finalizer', async () => {
    seedOrg();
    const r = reconciler();
    await r.reconcile('acme');
    await api.delete(ORGANIZATIONS, 'acme');
    contract.fail({ provider: 'stripe', status: 503 });
    expect(await r.reconcile('acme')).toEqual({ requeueAfter: 1000 });
    expect(org().metadata.finalizers).toEqual(['orgplane.io/billing']);
    expect(await r.reconcile('acme')).toBeUndefined();
    expect(api.peek(ORGANIZATIONS, 'acme')).toBeUndefined();
    expect(contract.lago()).toHaveLength(0);
    expect(contract.stripe()).toHaveLength(0);
    expect(await r.reconcile('acme')).toBeUndefined();
  });

  it('deletes a customer whose id never reached the status', async () => {
    seedOrg({ billing: { providers: ['stripe'] } });
    await expect(
      reconciler(['stripe'], {
        beforeRecord: () => {
          throw new Error('killed');
        },
      }).reconcile('acme'),
    ).rejects.toThrow('killed');
    expect(contract.stripe()).toHaveLength(1);
    await api.delete(ORGANIZATIONS, 'acme');
    await reconciler(['stripe']).reconcile('acme');
    expect(contract.stripe()).toHaveLength(0);
    expect(api.peek(ORGANIZATIONS, 'acme')).toBeUndefined();
  });

  it('replaces a recorded Stripe customer that was deleted out of band, exactly once', async () => {
    seedOrg({ billing: { providers: ['stripe'] } });
    await reconciler(['stripe']).reconcile('acme');
    const lost = org().status?.billing?.stripeCustomerId ?? '';
    const o = org();
    await fetch(`${contract.url}/v1/customers/${lost}`, {
      method: 'DELETE',
      headers: { Authorization: 'Bearer x' },
    });
    await api.update(ORGANIZATIONS, { ...o, spec: { ...o.spec, displayName: 'Acme Again' } });
    await reconciler(['stripe']).reconcile('acme');
    const [now] = contract.stripe();
    expect(contract.stripe()).toHaveLength(1);
    expect(now?.id).not.toBe(lost);
    expect(org().status?.billing?.stripeCustomerId).toBe(now?.id);
    const keys = contract
      .calls()
      .filter((c) => c.method === 'POST' && c.path === '/v1/customers')
      .map((c) => c.idempotencyKey);
    expect(keys.at(-1)).toBe(stripeIdempotencyKey(o.metadata.uid ?? '', lost));
  });
});
