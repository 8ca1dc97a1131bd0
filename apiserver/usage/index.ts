/**
 * Request quotas and organization activity, assembled: one counter module (counters.ts) feeds
 * both the quota check and the activity numbers; the Organizations' limits come from their key
 * prefix, the organization of a namespace from the authorizer's namespace tree.
 */
import { randomUUID } from 'node:crypto';
import type winston from 'winston';
import { syncRbacIndex } from '../authz/rbac-sync.js';
import type { InternalStore } from '../registry/internal.js';
import type { SystemClient } from '../registry/system.js';
import { activityHandler } from './activity.js';
import { UsageCounters } from './counters.js';
import { ORGANIZATIONS_PREFIX, RateLimitIndex } from './limits-index.js';
import { usageFilters, type UsageFilters } from './quota.js';
import { RequestsStatusWriter } from './status-writer.js';

export { quotaMessage } from './quota.js';
export { UsageCounters } from './counters.js';

export interface UsageDeps {
  readonly internal: InternalStore;
  readonly client: Pick<SystemClient, 'catalog' | 'store'>;
  readonly tree: { organizationOf(namespace: string): string };
  readonly logger: winston.Logger;
  readonly now?: () => number;
  readonly flushIntervalMs?: number;
  readonly statusIntervalMs?: number;
}

export interface Usage {
  readonly counters: UsageCounters;
  readonly filters: UsageFilters;
  readonly activity: ReturnType<typeof activityHandler>;
  /** resolves once the Organizations' limits are known */
  readonly ready: Promise<void>;
  /** stops the loops and flushes the pending counts */
  stop(): Promise<void>;
}

export function startUsage(deps: UsageDeps): Usage {
  const limits = new RateLimitIndex();
  const sync = syncRbacIndex(deps.internal, limits, { logger: deps.logger, prefix: ORGANIZATIONS_PREFIX });
  const counters = new UsageCounters({
    internal: deps.internal,
    logger: deps.logger,
    serverId: randomUUID(),
    ...(deps.now ? { now: deps.now } : {}),
    ...(deps.flushIntervalMs !== undefined ? { flushIntervalMs: deps.flushIntervalMs } : {}),
  });
  const exists = (org: string): boolean => limits.limitsOf(org) !== undefined;
  const status = new RequestsStatusWriter({
    client: deps.client,
    counters,
    exists,
    logger: deps.logger,
    ...(deps.statusIntervalMs !== undefined ? { intervalMs: deps.statusIntervalMs } : {}),
  });
  counters.start();
  status.start();
  return {
    counters,
    filters: usageFilters({
      counters,
      orgs: { organizationOf: (ns) => deps.tree.organizationOf(ns), exists },
      limitsOf: (org) => limits.limitsOf(org),
    }),
    activity: activityHandler({ internal: deps.internal, counters }),
    ready: sync.ready,
    stop: async () => {
      status.stop();
      sync.stop();
      await counters.stop();
    },
  };
}
