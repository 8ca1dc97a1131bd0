/**
 * Stripe through its official SDK. Stripe has no upsert, so the create carries an Idempotency-Key
 * derived from the organization uid and only parameters that never change for that uid
 * (metadata.org_uid, metadata.org_name): a retried or interrupted create replays the same customer
 * instead of making a second one (and never trips Stripe's "same key, other parameters" check).
 * Name, email and plan are then pushed with an update. A recorded customer that Stripe no longer
 * has is replaced under a key naming the lost id, so that replacement is itself idempotent.
 * The SDK's own retries are off: the reconciler retries with backoff.
 */
import Stripe from 'stripe';
import { ProviderError, httpFailure, type BillingProvider, type CustomerSpec } from './provider.js';
import type { StripeConfig } from './config.js';

/** The Idempotency-Key of the create for an organization (and of a replacement for `lostId`). */
export function stripeIdempotencyKey(uid: string, lostId?: string): string {
  return lostId === undefined ? `orgplane-customer-${uid}` : `orgplane-customer-${uid}-replaces-${lostId}`;
}

export function stripeFailure(err: unknown, nowMs: number): ProviderError {
  if (err instanceof Stripe.errors.StripeError && err.statusCode !== undefined) {
    return httpFailure(
      'stripe',
      err.statusCode,
      err.code ?? err.message,
      err.headers?.['retry-after'],
      nowMs,
    );
  }
  const message = err instanceof Error ? err.message : String(err);
  return new ProviderError('stripe', 'ProviderUnavailable', message);
}

const isMissing = (err: unknown): boolean =>
  err instanceof Stripe.errors.StripeError && err.statusCode === 404;

function endpoint(apiBase: string): { host: string; port: number; protocol: 'http' | 'https' } {
  const u = new URL(apiBase);
  const protocol = u.protocol === 'http:' ? 'http' : 'https';
  return {
    host: u.hostname,
    port: u.port === '' ? (protocol === 'http' ? 80 : 443) : Number(u.port),
    protocol,
  };
}

function matches(cust: Stripe.Customer, c: CustomerSpec): boolean {
  return (
    cust.name === c.name &&
    (cust.email ?? undefined) === c.email &&
    cust.metadata['plan'] === c.plan &&
    cust.metadata['org_uid'] === c.uid
  );
}

export function stripeProvider(cfg: StripeConfig, now: () => number = Date.now): BillingProvider {
  const stripe = new Stripe(cfg.apiKey, {
    ...endpoint(cfg.apiBase),
    maxNetworkRetries: 0,
    timeout: cfg.timeoutMs,
    telemetry: false,
  });
  const call = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw stripeFailure(err, now());
    }
  };
  const create = (c: CustomerSpec, lostId?: string): Promise<Stripe.Customer> =>
    call(() =>
      stripe.customers.create(
        { metadata: { org_uid: c.uid, org_name: c.orgName } },
        { idempotencyKey: stripeIdempotencyKey(c.uid, lostId) },
      ),
    );
  const update = async (c: CustomerSpec, id: string): Promise<boolean> => {
    try {
      await stripe.customers.update(id, {
        name: c.name,
        email: c.email ?? '',
        metadata: { org_uid: c.uid, org_name: c.orgName, plan: c.plan ?? '' },
      });
      return true;
    } catch (err) {
      if (isMissing(err)) return false;
      throw stripeFailure(err, now());
    }
  };
  return {
    name: 'stripe',
    async sync(c, knownId, record) {
      if (knownId !== undefined && (await update(c, knownId))) return knownId;
      const cust = await create(c, knownId);
      await record(cust.id);
      if (!matches(cust, c) && !(await update(c, cust.id)))
        throw new ProviderError(
          'stripe',
          'ProviderUnavailable',
          `customer ${cust.id} vanished right after its creation`,
        );
      return cust.id;
    },
    async remove(c, knownId) {
      const id = knownId ?? (await create(c)).id;
      try {
        await stripe.customers.del(id);
      } catch (err) {
        if (!isMissing(err)) throw stripeFailure(err, now());
      }
    },
  };
}
