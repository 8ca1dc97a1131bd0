/**
 * AccessReview's answer: what a user may do, from the authorizer's own in-memory index and
 * resolver (no storage read). Cluster-wide permissions come from the ClusterRoleBindings naming
 * the user; per namespace, from the RoleBindings the resolver visits there (the namespace's own,
 * those inherited from ancestor namespaces, matched through organization Groups), plus the
 * org-chart read every member of an organization holds. The namespaces listed are those of every
 * RoleBinding naming the user, its organization's, and, for an inheriting one, every team
 * namespace below it: exactly where a RoleBinding or membership can grant the user anything. SSO membership is a property of a token, not of
 * a name, and is not shown.
 */
import type { AccessReviewStatus } from '../../api/accessreview.js';
import type { UserInfo } from '../../api/user.js';
import { OBJECT_VERBS, PermissionSet, viaOf, type ResourceKey } from './grants.js';
import { aggregateErrors, type RuleResolver } from './rule-resolver.js';
import { orgChartReader, TEAM_READ_RULE } from './team-access.js';
import { bindingsOf } from './tenant-scope.js';

export interface AccessScope {
  /** the resources a permission may name in `namespace` ('' = cluster-wide) */
  readonly resourcesIn: (namespace: string) => readonly ResourceKey[];
  /** the namespaces the asker may review; absent: every one */
  readonly visible?: (namespace: string) => boolean;
}

/** Every namespace where a RoleBinding may grant the user something. */
export function actingNamespaces(resolver: RuleResolver, user: UserInfo): Set<string> {
  const { tree } = resolver.tenancy;
  const out = new Set<string>();
  for (const b of bindingsOf(resolver, user)) {
    out.add(b.namespace);
    out.add(tree.organizationOf(b.namespace));
    if (b.inherit) for (const d of tree.descendants(b.namespace)) out.add(d);
  }
  return out;
}

function permissionsIn(
  resolver: RuleResolver,
  user: UserInfo,
  namespace: string,
  scope: AccessScope,
  errors: string[],
): PermissionSet {
  const set = new PermissionSet();
  const resources = scope.resourcesIn(namespace);
  resolver.visitRulesFor(user, namespace, (source, rule, err) => {
    if (err !== undefined) errors.push(err);
    const own = namespace === '' || source?.binding.kind === 'RoleBinding';
    if (source && rule && own) set.addRule(rule, resources, viaOf(source, namespace));
    return true;
  });
  if (namespace !== '' && orgChartReader(resolver, user, namespace)) {
    const teams = { group: TEAM_READ_RULE.apiGroups[0] ?? '', resource: 'teams' };
    const verbs = OBJECT_VERBS.filter((v) => TEAM_READ_RULE.verbs.includes(v));
    set.add(teams, { verbs, via: { kind: 'OrganizationMembership' } });
  }
  return set;
}

export function accessOf(resolver: RuleResolver, user: UserInfo, scope: AccessScope): AccessReviewStatus {
  const errors: string[] = [];
  const clusterWide = permissionsIn(resolver, user, '', scope, errors).permissions();
  const byOrg = new Map<string, AccessReviewStatus['organizations'][number]['namespaces']>();
  const namespaces = [...actingNamespaces(resolver, user)].filter((ns) => scope.visible?.(ns) ?? true);
  for (const ns of namespaces.sort()) {
    const set = permissionsIn(resolver, user, ns, scope, errors);
    if (set.size === 0) continue;
    const org = resolver.tenancy.tree.organizationOf(ns);
    let list = byOrg.get(org);
    if (!list) byOrg.set(org, (list = []));
    list.push({ namespace: ns, permissions: set.permissions() });
  }
  const organizations = [...byOrg.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, nss]) => ({ name, namespaces: nss }));
  return {
    clusterWide,
    organizations,
    ...(errors.length > 0 ? { evaluationError: aggregateErrors(errors) } : {}),
  };
}
