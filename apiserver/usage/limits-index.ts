/**
 * The Organizations this server knows of and their `spec.rateLimits`, kept current from the
 * Organization key prefix (fed like the authorizer's indexes, see authz/rbac-sync.ts), so the
 * quota check of a request reads memory only.
 */
import { objectOr } from '../../api/json.js';
import { KeyedIndex } from '../authz/keyed-index.js';
import { ORGANIZATIONS_PREFIX } from '../authz/sso-index.js';
import type { RateLimits } from './org-state.js';

export { ORGANIZATIONS_PREFIX };

const limit = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 1 ? v : undefined;

/** An Organization's rateLimits as stored (invalid or missing values: no limit). */
export function rateLimitsOf(spec: Record<string, unknown>): RateLimits {
  const rl = objectOr(spec.rateLimits);
  const perMinute = limit(rl.requestsPerMinute);
  const perDay = limit(rl.requestsPerDay);
  return {
    ...(perMinute !== undefined ? { requestsPerMinute: perMinute } : {}),
    ...(perDay !== undefined ? { requestsPerDay: perDay } : {}),
  };
}

export const hasLimits = (l: RateLimits): boolean =>
  l.requestsPerMinute !== undefined || l.requestsPerDay !== undefined;

export class RateLimitIndex extends KeyedIndex {
  private readonly orgs = new Map<string, RateLimits>();

  protected clear(): void {
    this.orgs.clear();
  }

  protected drop(key: string): void {
    this.orgs.delete(key.slice(ORGANIZATIONS_PREFIX.length));
  }

  protected put(key: string, value: string): void {
    if (!key.startsWith(ORGANIZATIONS_PREFIX)) return;
    let spec: Record<string, unknown> = {};
    try {
      spec = objectOr(objectOr(JSON.parse(value)).spec);
    } catch {
      // a malformed Organization has no limits
    }
    this.orgs.set(key.slice(ORGANIZATIONS_PREFIX.length), rateLimitsOf(spec));
  }

  /** The organization's limits; undefined when no such Organization exists. */
  limitsOf(org: string): RateLimits | undefined {
    return this.orgs.get(org);
  }
}
