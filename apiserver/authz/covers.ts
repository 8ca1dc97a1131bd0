/**
 * Whether one set of rules covers another (kube's rbac validation policy_comparator): the servant
 * rules are broken down into single-verb, single-group, single-resource(-name) subrules, each of
 * which some owner rule must cover. Used for escalation checks and bootstrap policy reconcile.
 */
import type { PolicyRule } from '../../api/builtin/rbac.js';
import { ALL } from './policy.js';

const has = (list: readonly string[] | undefined, item: string): boolean => (list ?? []).includes(item);
const hasAll = (set: readonly string[] | undefined, items: readonly string[] | undefined): boolean =>
  (items ?? []).every((i) => has(set, i));

/** One subrule per (group, resource, verb, resourceName) and per (nonResourceURL, verb). */
export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  const names: (string | undefined)[] =
    (rule.resourceNames ?? []).length > 0 ? (rule.resourceNames ?? []) : [undefined];
  for (const group of rule.apiGroups ?? [])
    for (const resource of rule.resources ?? [])
      for (const verb of rule.verbs)
        for (const n of names)
          out.push({
            apiGroups: [group],
            resources: [resource],
            verbs: [verb],
            ...(n === undefined ? {} : { resourceNames: [n] }),
          });
  for (const url of rule.nonResourceURLs ?? [])
    for (const verb of rule.verbs) out.push({ nonResourceURLs: [url], verbs: [verb] });
  return out;
}

function resourcesCoverAll(
  set: readonly string[] | undefined,
  covers: readonly string[] | undefined,
): boolean {
  if (has(set, ALL) || hasAll(set, covers)) return true;
  for (const path of covers ?? []) {
    if (has(set, path)) continue;
    const slash = path.indexOf('/');
    if (slash < 0 || !has(set, `*/${path.slice(slash + 1)}`)) return false;
  }
  return true;
}

function nonResourceURLCovers(owner: string, sub: string): boolean {
  return owner === sub || (owner.endsWith('*') && sub.startsWith(owner.replace(/\*+$/, '')));
}

const urlsCoverAll = (set: readonly string[] | undefined, covers: readonly string[] | undefined): boolean =>
  (covers ?? []).every((path) => (set ?? []).some((owner) => nonResourceURLCovers(owner, path)));

/** kube's ruleCovers: does ownerRule allow everything subRule allows? */
export function ruleCovers(owner: PolicyRule, sub: PolicyRule): boolean {
  const verbs = has(owner.verbs, ALL) || hasAll(owner.verbs, sub.verbs);
  const groups = has(owner.apiGroups, ALL) || hasAll(owner.apiGroups, sub.apiGroups);
  const ownerNames = owner.resourceNames ?? [];
  const subNames = sub.resourceNames ?? [];
  const names = ownerNames.length === 0 || (subNames.length > 0 && hasAll(ownerNames, subNames));
  return (
    verbs &&
    groups &&
    names &&
    resourcesCoverAll(owner.resources, sub.resources) &&
    urlsCoverAll(owner.nonResourceURLs, sub.nonResourceURLs)
  );
}

/** Covers(owner, servant): true, or false with the servant subrules no owner rule covers. */
export function covers(
  owner: readonly PolicyRule[],
  servant: readonly PolicyRule[],
): { covered: boolean; missing: PolicyRule[] } {
  const missing = servant.flatMap(breakdownRule).filter((sub) => !owner.some((o) => ruleCovers(o, sub)));
  return { covered: missing.length === 0, missing };
}

/**
 * kube's CompactRules: simple resource rules (one group, one resource, no names) with the same
 * group and resource merge their verbs; every other rule is kept as is.
 */
export function compactRules(rules: readonly PolicyRule[]): PolicyRule[] {
  const out: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const r of rules) {
    const g = r.apiGroups ?? [];
    const res = r.resources ?? [];
    const isSimple =
      g.length === 1 &&
      res.length === 1 &&
      (r.resourceNames ?? []).length === 0 &&
      (r.nonResourceURLs ?? []).length === 0;
    if (!isSimple) {
      out.push(r);
      continue;
    }
    const key = JSON.stringify([g[0], res[0]]);
    const existing = simple.get(key);
    if (existing) {
      for (const v of r.verbs) if (!existing.verbs.includes(v)) existing.verbs.push(v);
    } else {
      const merged: PolicyRule = { apiGroups: [...g], resources: [...res], verbs: [...r.verbs] };
      simple.set(key, merged);
      out.push(merged);
    }
  }
  return out;
}

/** Go's %q of a []string: ["a" "b"]. */
const quoteList = (list: readonly string[]): string => `[${list.map((s) => JSON.stringify(s)).join(' ')}]`;

/** kube's rbacv1helpers.CompactString: `{APIGroups:["orgplane.io"], Resources:["agents"], Verbs:["create"]}`. */
export function compactString(r: PolicyRule): string {
  const parts: string[] = [];
  const add = (label: string, list: readonly string[] | undefined): void => {
    if (list && list.length > 0) parts.push(`${label}:${quoteList(list)}`);
  };
  add('APIGroups', r.apiGroups);
  add('Resources', r.resources);
  add('NonResourceURLs', r.nonResourceURLs);
  add('ResourceNames', r.resourceNames);
  add('Verbs', r.verbs);
  return `{${parts.join(', ')}}`;
}

export { quoteList };
