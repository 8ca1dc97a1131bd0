/**
 * Tenant-filtered reads: where a user may list (or watch) a resource when a request across all
 * namespaces is not allowed cluster-wide, and which Organizations a user sees.
 *
 * - allowedNamespaces(user, verb, group, resource): 'all' when the verb on the resource is allowed
 *   cluster-wide (a ClusterRoleBinding, or system:masters); otherwise the set of namespaces where a
 *   RoleBinding naming the user (User name, one of its groups, or its ServiceAccount) grants the
 *   verb on the resource with no resourceNames restriction (a rule limited to names never allows a
 *   list, as in kube), together with every descendant team namespace of an inheriting binding's
 *   namespace. Subresources are not considered: it answers for the resource itself. Teams are
 *   also readable in the namespace of every organization the user is a member of.
 * - visibleOrganizations(user, verb): 'all' when the verb on organizations.orgplane.io is allowed
 *   cluster-wide; otherwise the namespaces where the user "holds any binding": a RoleBinding whose
 *   subjects name the user or one of its groups, whatever role it grants (even a missing one),
 *   anywhere in the organization's tree: the organizations the user is a member of.
 */
import { GROUP as ORGPLANE_GROUP } from '../../api/group.js';
import type { UserInfo } from '../../api/user.js';
import { MASTERS_GROUP } from './masters.js';
import { appliesTo, ruleAllows } from './policy.js';
import type { BindingEntry } from './rbac-objects.js';
import type { RuleResolver } from './rule-resolver.js';
import { TEAM_READ_VERBS } from './tenancy.js';
import type { AuthzAttributes } from './types.js';

export type NamespaceScope = 'all' | ReadonlySet<string>;

/** The attributes of a resource request (no subresource) by user, for asking the authorizer. */
export const probe = (
  user: UserInfo,
  verb: string,
  group: string,
  resource: string,
  ns: string,
  name = '',
): AuthzAttributes => ({
  user,
  verb,
  resourceRequest: true,
  group,
  version: '',
  resource,
  subresource: '',
  namespace: ns,
  name,
  path: '',
});

function allowedClusterWide(resolver: RuleResolver, attrs: AuthzAttributes): boolean {
  if (attrs.user.groups.includes(MASTERS_GROUP)) return true;
  let allowed = false;
  resolver.visitRulesFor(attrs.user, '', (_source, rule) => {
    if (rule && ruleAllows(attrs, rule)) allowed = true;
    return !allowed;
  });
  return allowed;
}

export function allowedNamespaces(
  resolver: RuleResolver,
  user: UserInfo,
  verb: string,
  group: string,
  resource: string,
): NamespaceScope {
  if (allowedClusterWide(resolver, probe(user, verb, group, resource, ''))) return 'all';
  const out = new Set<string>();
  const tree = resolver.tenancy.tree;
  for (const b of bindingsOf(resolver, user)) {
    const rules = resolver.roleRefRules(b.roleRef, b.namespace);
    if ('error' in rules) continue;
    const attrs = probe(user, verb, group, resource, b.namespace);
    if (!rules.some((r) => ruleAllows(attrs, r))) continue;
    out.add(b.namespace);
    if (b.inherit) for (const d of tree.descendants(b.namespace)) out.add(d);
  }
  if (group === ORGPLANE_GROUP && resource === 'teams' && TEAM_READ_VERBS.has(verb))
    for (const org of memberOrganizations(resolver, user)) out.add(org);
  return out;
}

/** The RoleBindings, in any namespace, whose subjects match the user there (organization groups and SSO membership included). */
export function bindingsOf(resolver: RuleResolver, user: UserInfo): BindingEntry[] {
  const { tenancy } = resolver;
  const named = [...resolver.index.roleBindingsNaming(tenancy.withAllGroups(user))].filter((b) => {
    const member = tenancy.memberIn(user, b.namespace);
    return b.subjects.some((s) => appliesTo(member, s, b.namespace));
  });
  const sso = [...tenancy.sso.organizationsOf(user)].flatMap(
    (org) => tenancy.sso.bindingFor(user, org) ?? [],
  );
  return [...named, ...sso];
}

/** The organizations where the user holds any RoleBinding, in any namespace of their trees. */
export function memberOrganizations(resolver: RuleResolver, user: UserInfo): Set<string> {
  const tree = resolver.tenancy.tree;
  return new Set(bindingsOf(resolver, user).map((b) => tree.organizationOf(b.namespace)));
}

export function visibleOrganizations(resolver: RuleResolver, user: UserInfo, verb = 'list'): NamespaceScope {
  if (allowedClusterWide(resolver, probe(user, verb, ORGPLANE_GROUP, 'organizations', ''))) return 'all';
  return memberOrganizations(resolver, user);
}

/** Whether an object in `namespace` passes a scope. */
export const inScope = (scope: NamespaceScope, namespace: string): boolean =>
  scope === 'all' || scope.has(namespace);

/** What filteredReadScope needs: the two scope functions (an Rbac from rbac-runtime.ts has them). */
export interface ScopeSource {
  allowedNamespaces(user: UserInfo, verb: string, group: string, resource: string): NamespaceScope;
  visibleOrganizations(user: UserInfo, verb?: string): NamespaceScope;
}

/**
 * For a request the authorizers did not allow: the namespaces (for Organizations, the names) a
 * list or watch across all namespaces may still show, or undefined when it stays a 403. Only
 * list/watch of a whole resource (no namespace, name or subresource) qualifies: of a namespaced
 * resource, or of organizations.orgplane.io. An empty set is a 403 too, as kube would answer.
 */
export function filteredReadScope(
  source: ScopeSource,
  a: AuthzAttributes,
  namespaced: boolean,
): ReadonlySet<string> | undefined {
  if (!a.resourceRequest || (a.verb !== 'list' && a.verb !== 'watch')) return undefined;
  if (a.namespace !== '' || a.name !== '' || a.subresource !== '') return undefined;
  const isOrganizations = a.group === ORGPLANE_GROUP && a.resource === 'organizations';
  if (!namespaced && !isOrganizations) return undefined;
  const scope = isOrganizations
    ? source.visibleOrganizations(a.user, a.verb)
    : source.allowedNamespaces(a.user, a.verb, a.group, a.resource);
  return scope === 'all' || scope.size === 0 ? undefined : scope;
}
