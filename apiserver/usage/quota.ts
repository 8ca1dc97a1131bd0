/**
 * The request quota and activity counting in the HTTP pipeline. `observe` runs once the caller is
 * known (before authorization, so 403s count as denials): it attributes the request to an
 * organization, counts it and its outcome when the response ends. `enforce` runs after
 * authorization, before priority and fairness: a request over its organization's limit answers
 * 429 TooManyRequests with Retry-After, the whole seconds left in the window. Reads of the
 * Organization object itself count but are never refused.
 */
import type { NextFunction, Request, Response } from 'express';
import type { UserInfo } from '../../api/user.js';
import { tooManyRequests } from '../errors/status.js';
import type { RequestInfo } from '../http/requestinfo.js';
import {
  counted,
  isOrganizationRead,
  isWrite,
  organizationOfRequest,
  outcomeOf,
  type OrganizationLookup,
} from './attribution.js';
import type { UsageCounters } from './counters.js';
import { hasLimits } from './limits-index.js';
import type { RateLimits } from './org-state.js';

interface UsageLocals {
  usageOrg?: string;
  /** counted against the quota but never refused (see isOrganizationRead) */
  usageNeverRefused?: boolean;
}

export interface QuotaDeps {
  readonly counters: UsageCounters;
  readonly orgs: OrganizationLookup;
  readonly limitsOf: (org: string) => RateLimits | undefined;
}

export const quotaMessage = (org: string, limit: number, window: 'minute' | 'day'): string =>
  `organization "${org}" exceeded its request quota: ${String(limit)} per ${window}`;

export interface UsageFilters {
  readonly observe: (resp: Response, user: UserInfo, info: RequestInfo | undefined, dryRun: boolean) => void;
  readonly enforce: (req: Request, resp: Response, next: NextFunction) => Promise<void>;
}

export function usageFilters(deps: QuotaDeps): UsageFilters {
  return {
    observe: (resp, user, info, dryRun) => {
      if (!info || !counted(user)) return;
      const org = organizationOfRequest(info, deps.orgs);
      if (org === undefined) return;
      const locals = resp.locals as UsageLocals;
      locals.usageOrg = org;
      locals.usageNeverRefused = isOrganizationRead(info);
      deps.counters.countRequest(org, user.username, isWrite(info) && !dryRun);
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        deps.counters.countOutcome(org, outcomeOf(info, resp.statusCode, dryRun));
      };
      resp.once('finish', finish);
      resp.once('close', finish);
    },

    enforce: async (_req, resp, next) => {
      const { usageOrg: org, usageNeverRefused } = resp.locals as UsageLocals;
      if (org === undefined) {
        next();
        return;
      }
      const limits = deps.limitsOf(org);
      if (!limits || !hasLimits(limits) || usageNeverRefused) {
        deps.counters.admitAnyway(org);
        next();
        return;
      }
      const now = deps.counters.admitNow(org, limits);
      const d = now.kind === 'sync' ? await deps.counters.admit(org, limits) : now;
      if (d.kind === 'refuse') throw tooManyRequests(quotaMessage(org, d.limit, d.window), d.retryAfter);
      next();
    },
  };
}
