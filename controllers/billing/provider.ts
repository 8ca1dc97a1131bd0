/**
 * What the billing reconciler needs from a provider (Lago, Stripe): keep one customer per
 * Organization, keyed by the organization's uid, and delete it. Provider failures are
 * ProviderErrors classified the way the BillingSynced condition reports them.
 */
import type { BillingProvider as ProviderName } from '../../api/organization.js';

export type { ProviderName };

/** The customer an Organization should have in every provider. */
export interface CustomerSpec {
  /** metadata.uid: Lago external_id, Stripe idempotency key and metadata.org_uid */
  readonly uid: string;
  /** metadata.name: Stripe metadata.org_name */
  readonly orgName: string;
  /** spec.displayName, else the name */
  readonly name: string;
  readonly email?: string;
  readonly plan?: string;
}

export interface BillingProvider {
  readonly name: ProviderName;
  /**
   * Create or update the customer so it matches `c`; `knownId` is the id recorded in status.
   * Never creates a second customer for the same uid, however often it is retried or interrupted.
   * Calls `record(id)` as soon as the provider reveals an id other than knownId (before any
   * further call), so the caller can persist it; resolves with the customer's id.
   */
  sync(c: CustomerSpec, knownId: string | undefined, record: (id: string) => Promise<void>): Promise<string>;
  /** Delete the customer; an already missing customer is success. */
  remove(c: CustomerSpec, knownId: string | undefined): Promise<void>;
}

/** How a provider call failed: the BillingSynced reason it maps to. */
export type FailureKind = 'ProviderUnavailable' | 'RateLimited' | 'Rejected';

export class ProviderError extends Error {
  constructor(
    readonly provider: ProviderName,
    readonly kind: FailureKind,
    message: string,
    /** from Retry-After (429/503), milliseconds */
    readonly retryAfterMs?: number,
    readonly statusCode?: number,
  ) {
    super(`${provider}: ${message}`);
    this.name = 'ProviderError';
  }
}

/** Retry-After as delay-seconds or an HTTP date; undefined when absent or unparseable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** Classify an HTTP answer: 429 → RateLimited, 408/5xx → ProviderUnavailable, other 4xx → Rejected. */
export function classifyStatus(code: number): FailureKind {
  if (code === 429) return 'RateLimited';
  if (code === 408 || code >= 500) return 'ProviderUnavailable';
  return 'Rejected';
}

export function httpFailure(
  provider: ProviderName,
  code: number,
  detail: string,
  retryAfter: string | null | undefined,
  nowMs: number,
): ProviderError {
  return new ProviderError(
    provider,
    classifyStatus(code),
    `HTTP ${String(code)}${detail ? `: ${detail}` : ''}`,
    parseRetryAfter(retryAfter, nowMs),
    code,
  );
}
