/**
 * WhoCanReview's answer: every subject a binding lets do one request, and why, from the
 * authorizer's in-memory index (kubectl-who-can over the RBAC index instead of a list of every
 * binding). The bindings considered are those the resolver would visit for a user in the request's
 * namespace: every ClusterRoleBinding, the namespace's RoleBindings and the inheriting RoleBindings
 * of its ancestors. A Group subject of a RoleBinding is listed as a group (users authenticated
 * with it) and, when its organization has a Group object of that name, as each member. Reading an
 * organization's Teams is also open to every subject of a RoleBinding anywhere in its tree.
 */
import type { WhoCanReviewStatus, WhoCanSubject, Via } from '../../api/accessreview.js';
import type { Subject } from '../../api/builtin/rbac.js';
import { ruleAllows } from './policy.js';
import { authorizationNamespace } from './rbac.js';
import type { BindingEntry } from './rbac-objects.js';
import { aggregateErrors, type RuleResolver } from './rule-resolver.js';
import { isOrgChartRead } from './team-access.js';
import type { AuthzAttributes, RequestAttributes } from './types.js';
import { viaOf } from './grants.js';

/** The request asked about; user-independent (kube's resource attributes). */
export type WhoCanRequest = Pick<
  RequestAttributes,
  'verb' | 'group' | 'resource' | 'subresource' | 'namespace' | 'name'
>;

const NOBODY = { username: '', groups: [] };

function attributesOf(r: WhoCanRequest): AuthzAttributes {
  const a: AuthzAttributes = { ...r, user: NOBODY, resourceRequest: true, version: '', path: '' };
  return { ...a, namespace: authorizationNamespace(a) };
}

/** The bindings that can apply in namespace, each with the namespace it is evaluated in. */
function candidates(resolver: RuleResolver, namespace: string): BindingEntry[] {
  const { index, tenancy } = resolver;
  const out = [...index.allClusterRoleBindings()];
  if (namespace === '') return out;
  out.push(...index.roleBindingsIn(namespace));
  for (const a of tenancy.tree.ancestors(namespace))
    out.push(...[...index.roleBindingsIn(a)].filter((b) => b.inherit));
  return out;
}

function subjectRow(s: Subject, bindingNamespace: string, via: Via): WhoCanSubject | undefined {
  if (s.kind === 'User' || s.kind === 'Group') return { kind: s.kind, name: s.name, via };
  if (s.kind !== 'ServiceAccount') return undefined;
  const ns = s.namespace !== undefined && s.namespace !== '' ? s.namespace : bindingNamespace;
  return ns === '' ? undefined : { kind: 'ServiceAccount', name: s.name, namespace: ns, via };
}

/** A binding's subjects, organization Groups expanded to their members (RoleBindings only). */
function rowsOf(resolver: RuleResolver, b: BindingEntry, via: Via): WhoCanSubject[] {
  const org = resolver.tenancy.tree.organizationOf(b.namespace);
  const rows: WhoCanSubject[] = [];
  for (const s of b.subjects) {
    const row = subjectRow(s, b.namespace, s.kind === 'Group' ? { ...via, group: s.name } : via);
    if (!row) continue;
    rows.push(row);
    if (s.kind !== 'Group' || b.kind !== 'RoleBinding') continue;
    for (const m of resolver.tenancy.groups.membersOf(org, s.name))
      rows.push({ kind: 'User', name: m, via: row.via });
  }
  return rows;
}

/** Everyone holding a RoleBinding in the organization's tree: its members. */
function memberRows(resolver: RuleResolver, org: string): WhoCanSubject[] {
  const { index, tenancy } = resolver;
  const rows: WhoCanSubject[] = [];
  for (const ns of [org, ...tenancy.tree.descendants(org)])
    for (const b of index.roleBindingsIn(ns)) {
      const via: Via = { kind: 'OrganizationMembership', binding: b.name, namespace: b.namespace };
      rows.push(...rowsOf(resolver, b, via));
    }
  return rows;
}

export function whoCan(resolver: RuleResolver, request: WhoCanRequest): WhoCanReviewStatus {
  const attrs = attributesOf(request);
  const errors: string[] = [];
  const subjects: WhoCanSubject[] = [];
  for (const b of candidates(resolver, attrs.namespace)) {
    const ns = b.kind === 'RoleBinding' ? b.namespace : '';
    const rules = resolver.roleRefRules(b.roleRef, ns);
    if ('error' in rules) {
      errors.push(rules.error);
      continue;
    }
    if (!rules.some((r) => ruleAllows(attrs, r))) continue;
    const source = { binding: b, subject: { kind: 'User', name: '' } };
    subjects.push(...rowsOf(resolver, b, viaOf(source, attrs.namespace)));
  }
  if (isOrgChartRead(resolver, attrs)) subjects.push(...memberRows(resolver, attrs.namespace));
  return {
    group: request.group,
    resource: request.resource,
    subjects,
    ...(errors.length > 0 ? { evaluationError: aggregateErrors(errors) } : {}),
  };
}
