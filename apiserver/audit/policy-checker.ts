/**
 * Policy evaluation, ported from k8s.io/apiserver/pkg/audit/policy/checker.go: the first rule
 * that matches the request decides its level; stages omitted by the policy and the rule are merged.
 */
import type { AuditLevel, AuditStage } from '../../api/auditevent.js';
import type { UserInfo } from '../../api/user.js';
import type { AuditPolicy, GroupResources, PolicyRule } from './policy.js';
import type { RequestAttributes } from '../authz/types.js';

export interface RequestAuditConfig {
  readonly level: AuditLevel;
  readonly omitStages: readonly AuditStage[];
  readonly omitManagedFields: boolean;
}

const ORDER: Record<AuditLevel, number> = { None: 0, Metadata: 1, Request: 2, RequestResponse: 3 };

/** a is at least as verbose as b */
export const levelAtLeast = (a: AuditLevel, b: AuditLevel): boolean => ORDER[a] >= ORDER[b];

function groupResourceMatches(gr: GroupResources, a: RequestAttributes): boolean {
  if (gr.group !== a.group) return false;
  if (gr.resources.length === 0) return true;
  if (gr.resourceNames.length > 0 && !gr.resourceNames.includes(a.name)) return false;
  const combined = a.subresource !== '' ? `${a.resource}/${a.subresource}` : a.resource;
  return gr.resources.some(
    (res) =>
      res === combined ||
      res === '*' ||
      (a.subresource !== '' && res.startsWith('*/') && res.slice(2) === a.subresource) ||
      (res.endsWith('/*') && res.slice(0, -2) === a.resource),
  );
}

function resourceMatches(rule: PolicyRule, a: RequestAttributes): boolean {
  if (!a.resourceRequest) return false;
  if (rule.namespaces.length > 0 && !rule.namespaces.includes(a.namespace)) return false;
  return rule.resources.length === 0 || rule.resources.some((gr) => groupResourceMatches(gr, a));
}

function pathMatches(path: string, spec: string): boolean {
  if (spec === '*' || spec === path) return true;
  return spec.endsWith('*') && path.startsWith(spec.slice(0, -1));
}

/** Whether everything but the user matches. */
function requestMatches(rule: PolicyRule, a: RequestAttributes): boolean {
  if (rule.verbs.length > 0 && !rule.verbs.includes(a.verb)) return false;
  if (rule.namespaces.length > 0 || rule.resources.length > 0) return resourceMatches(rule, a);
  if (rule.nonResourceURLs.length > 0)
    return !a.resourceRequest && rule.nonResourceURLs.some((spec) => pathMatches(a.path, spec));
  return true;
}

const userConstrained = (rule: PolicyRule): boolean => rule.users.length > 0 || rule.userGroups.length > 0;

function userMatches(rule: PolicyRule, user: UserInfo): boolean {
  if (rule.users.length > 0 && !rule.users.includes(user.username)) return false;
  return rule.userGroups.length === 0 || user.groups.some((g) => rule.userGroups.includes(g));
}

export class PolicyChecker {
  constructor(private readonly policy: AuditPolicy) {}

  /** The level, omitted stages and managed-fields choice for one request of one user. */
  evaluate(a: RequestAttributes, user: UserInfo): RequestAuditConfig {
    const p = this.policy;
    for (const rule of p.rules) {
      if (!requestMatches(rule, a) || !userMatches(rule, user)) continue;
      return {
        level: rule.level,
        omitStages: [...new Set([...p.omitStages, ...rule.omitStages])],
        omitManagedFields: rule.omitManagedFields ?? p.omitManagedFields,
      };
    }
    return { level: p.defaultLevel, omitStages: p.omitStages, omitManagedFields: p.omitManagedFields };
  }

  /**
   * The most verbose level this request can get whoever sends it: decides, before the user is
   * known, whether the request body must be kept.
   */
  maxLevel(a: RequestAttributes): AuditLevel {
    let max: AuditLevel = 'None';
    for (const rule of this.policy.rules) {
      if (!requestMatches(rule, a)) continue;
      if (ORDER[rule.level] > ORDER[max]) max = rule.level;
      if (!userConstrained(rule)) return max;
    }
    return ORDER[this.policy.defaultLevel] > ORDER[max] ? this.policy.defaultLevel : max;
  }
}
