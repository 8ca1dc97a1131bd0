/**
 * The BillingSynced condition of one sync pass. Reasons: Synced; NotConfigured (no provider
 * requested: True; a requested provider this controller has no configuration for: False);
 * ProviderUnavailable, RateLimited, Rejected (a provider call failed: False). When several
 * providers fail, the reason is the one most in need of a human: Rejected, then RateLimited.
 */
import type { ProviderError, ProviderName } from './provider.js';

export interface SyncOutcome {
  readonly requested: readonly ProviderName[];
  /** requested but absent from the billing configuration */
  readonly missing: readonly ProviderName[];
  readonly failures: readonly ProviderError[];
}

export interface ConditionFields {
  readonly status: 'True' | 'False';
  readonly reason: string;
  readonly message: string;
}

const SEVERITY = ['Rejected', 'RateLimited', 'ProviderUnavailable'] as const;

export function billingCondition(o: SyncOutcome): ConditionFields {
  if (o.failures.length > 0) {
    const reason = SEVERITY.find((k) => o.failures.some((f) => f.kind === k)) ?? 'ProviderUnavailable';
    return { status: 'False', reason, message: o.failures.map((f) => f.message).join('; ') };
  }
  if (o.missing.length > 0)
    return {
      status: 'False',
      reason: 'NotConfigured',
      message: `billing provider ${o.missing.join(', ')} is not configured in the billing controller`,
    };
  if (o.requested.length === 0)
    return { status: 'True', reason: 'NotConfigured', message: 'no billing providers requested' };
  return { status: 'True', reason: 'Synced', message: `customer up to date in ${o.requested.join(', ')}` };
}

/** The longest Retry-After among the failures, in milliseconds (0 when none). */
export function retryAfterMs(failures: readonly ProviderError[]): number {
  return Math.max(0, ...failures.map((f) => f.retryAfterMs ?? 0));
}
