/**
 * Lago through its official SDK (lago-javascript-client). The customer's external_id is the
 * organization uid, and POST /customers is an upsert by external_id, so creating and updating are
 * the same idempotent call: a retry or a crash never yields a second customer. Plan and org name
 * travel as customer metadata (Lago replaces the metadata list sent without ids).
 */
import { Client } from 'lago-javascript-client';
import { ProviderError, httpFailure, type BillingProvider, type CustomerSpec } from './provider.js';
import type { LagoConfig } from './config.js';

interface ResponseLike {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  readonly error?: unknown;
}

const isResponse = (e: unknown): e is ResponseLike =>
  typeof e === 'object' &&
  e !== null &&
  typeof (e as { status?: unknown }).status === 'number' &&
  'headers' in e;

function detail(body: unknown): string {
  if (typeof body !== 'object' || body === null) return '';
  const b = body as { error?: unknown; code?: unknown; error_details?: unknown };
  const parts = [b.code, typeof b.error === 'string' ? b.error : undefined].filter(
    (x): x is string => typeof x === 'string',
  );
  if (b.error_details !== undefined) parts.push(JSON.stringify(b.error_details));
  return parts.join(' ');
}

/** Any failure of an SDK call as a ProviderError (network and timeouts: ProviderUnavailable). */
export function lagoFailure(err: unknown, nowMs: number): ProviderError {
  if (isResponse(err))
    return httpFailure('lago', err.status, detail(err.error), err.headers.get('retry-after'), nowMs);
  const e = err as { name?: unknown; message?: unknown; cause?: { code?: unknown } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError')
    return new ProviderError('lago', 'ProviderUnavailable', 'request timed out');
  const why =
    typeof e.cause?.code === 'string'
      ? e.cause.code
      : typeof e.message === 'string'
        ? e.message
        : String(err);
  return new ProviderError('lago', 'ProviderUnavailable', why);
}

function customerBody(
  c: CustomerSpec,
): Parameters<ReturnType<typeof Client>['customers']['createCustomer']>[0] {
  const metadata = [{ key: 'org_name', value: c.orgName, display_in_invoice: false }];
  if (c.plan !== undefined) metadata.push({ key: 'plan', value: c.plan, display_in_invoice: false });
  return {
    customer: {
      external_id: c.uid,
      name: c.name,
      ...(c.email !== undefined ? { email: c.email } : {}),
      metadata,
    },
  };
}

export function lagoProvider(cfg: LagoConfig, now: () => number = Date.now): BillingProvider {
  const api = Client(cfg.apiKey, {
    baseUrl: cfg.apiUrl,
    customFetch: (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(cfg.timeoutMs) }),
  });
  return {
    name: 'lago',
    async sync(c, knownId, record) {
      let id: string;
      try {
        const res = await api.customers.createCustomer(customerBody(c));
        id = res.data.customer.lago_id;
      } catch (err) {
        throw lagoFailure(err, now());
      }
      if (id !== knownId) await record(id);
      return id;
    },
    async remove(c) {
      try {
        await api.customers.destroyCustomer(encodeURIComponent(c.uid));
      } catch (err) {
        if (isResponse(err) && err.status === 404) return;
        throw lagoFailure(err, now());
      }
    },
  };
}
