/**
 * RBAC rule and subject matching, as kube's rbac/v1 helpers and RBAC authorizer do: `*` wildcards
 * for verbs, groups and resources, `resource/subresource` and `*\/subresource` forms, resourceNames
 * limiting a rule to named objects (so never a list), nonResourceURLs with a trailing `*` prefix.
 */
import type { PolicyRule, Subject } from '../../api/builtin/rbac.js';
import type { UserInfo } from '../../api/user.js';
import type { AuthzAttributes } from './types.js';

export const ALL = '*';

const has = (list: readonly string[] | undefined, item: string): boolean => (list ?? []).includes(item);

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return has(rule.verbs, ALL) || has(rule.verbs, verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return has(rule.apiGroups, ALL) || has(rule.apiGroups, group);
}

/** `combined` is "resource" or "resource/subresource". */
export function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  for (const r of rule.resources ?? []) {
    if (r === ALL || r === combined) return true;
    if (subresource !== '' && r === `*/${subresource}`) return true;
  }
  return false;
}

/** A rule without resourceNames matches every name; with them, only those (never "" of a list). */
export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const u of rule.nonResourceURLs ?? []) {
    if (u === ALL || u === path) return true;
    if (u.endsWith('*') && path.startsWith(u.replace(/\*+$/, ''))) return true;
  }
  return false;
}

export function ruleAllows(a: AuthzAttributes, rule: PolicyRule): boolean {
  if (!verbMatches(rule, a.verb)) return false;
  if (!a.resourceRequest) return nonResourceURLMatches(rule, a.path);
  const combined = a.subresource === '' ? a.resource : `${a.resource}/${a.subresource}`;
  return (
    apiGroupMatches(rule, a.group) &&
    resourceMatches(rule, combined, a.subresource) &&
    resourceNameMatches(rule, a.name)
  );
}

export const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';

/** kube's username of a namespaced ServiceAccount token. */
export const serviceAccountUsername = (namespace: string, name: string): string =>
  `${SERVICE_ACCOUNT_PREFIX}${namespace}:${name}`;

/**
 * Whether a binding subject names the user: User by name, Group by membership, ServiceAccount by
 * kube's `system:serviceaccount:<ns>:<name>` username (ns defaults to the binding's namespace).
 */
export function appliesTo(user: UserInfo, subject: Subject, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return user.username === subject.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const ns =
        subject.namespace !== undefined && subject.namespace !== '' ? subject.namespace : bindingNamespace;
      return ns !== '' && user.username === serviceAccountUsername(ns, subject.name);
    }
    default:
      return false;
  }
}

/** kube's describeSubject: `User "bob"`, `ServiceAccount "name/ns"`. */
export function describeSubject(subject: Subject, bindingNamespace: string): string {
  if (subject.kind === 'ServiceAccount') {
    const ns =
      subject.namespace !== undefined && subject.namespace !== '' ? subject.namespace : bindingNamespace;
    return `${subject.kind} ${JSON.stringify(`${subject.name}/${ns}`)}`;
  }
  return `${subject.kind} ${JSON.stringify(subject.name)}`;
}
