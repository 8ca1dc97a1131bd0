/**
 * The bootstrap RBAC policy, reconciled at every start (bootstrap-reconcile.ts) like
 * kube-apiserver's: orgplane's tenant roles (org-admin, developer, deployer, viewer, bound per
 * organization by RoleBindings), cluster-admin, and the kube-like system roles bound to every
 * authenticated user so a plain user can run kubectl (discovery, OpenAPI, /version, auth can-i).
 *
 * The tenant roles list resources explicitly, never `*`: through a RoleBinding a rule also reaches
 * the namespace itself and its Organization (see authorizationNamespace), which tenants may read
 * but never change or delete.
 */
import type { ClusterRole, ClusterRoleBinding, PolicyRule } from '../../api/builtin/rbac.js';
import { RBAC_GROUP } from '../../api/builtin/rbac.js';
import { GROUP as ORGPLANE } from '../../api/group.js';

export const AUTOUPDATE_ANNOTATION = 'rbac.authorization.kubernetes.io/autoupdate';
export const BOOTSTRAPPING_LABEL = 'kubernetes.io/bootstrapping';
export const BOOTSTRAPPING_VALUE = 'rbac-defaults';
export const AUTHENTICATED_GROUP = 'system:authenticated';
export const UNAUTHENTICATED_GROUP = 'system:unauthenticated';

export interface BootstrapPolicy {
  readonly clusterRoles: readonly ClusterRole[];
  readonly clusterRoleBindings: readonly ClusterRoleBinding[];
}

const READ = ['get', 'list', 'watch'];
const EDIT = ['create', 'update', 'patch', 'delete', 'deletecollection'];
const ALL_OBJECT_VERBS = [...READ, ...EDIT];

const rule = (apiGroups: string[], resources: string[], verbs: string[]): PolicyRule => ({
  apiGroups,
  resources,
  verbs,
});
const urls = (nonResourceURLs: string[], verbs: string[] = ['get']): PolicyRule => ({
  nonResourceURLs,
  verbs,
});

const meta = (name: string): ClusterRole['metadata'] => ({
  name,
  labels: { [BOOTSTRAPPING_LABEL]: BOOTSTRAPPING_VALUE },
  annotations: { [AUTOUPDATE_ANNOTATION]: 'true' },
});

const clusterRole = (name: string, rules: PolicyRule[]): ClusterRole => ({
  apiVersion: `${RBAC_GROUP}/v1`,
  kind: 'ClusterRole',
  metadata: meta(name),
  rules,
});

type SubjectKind = 'User' | 'Group';

const clusterRoleBinding = (
  name: string,
  role: string,
  groups: string[],
  kind: SubjectKind = 'Group',
): ClusterRoleBinding => ({
  apiVersion: `${RBAC_GROUP}/v1`,
  kind: 'ClusterRoleBinding',
  metadata: meta(name),
  roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: role },
  subjects: groups.map((g) => ({ apiGroup: RBAC_GROUP, kind, name: g })),
});

/** What everyone in an organization may read (the viewer role; the others build on it). */
const tenantRead: PolicyRule[] = [
  rule(
    [ORGPLANE],
    ['agents', 'agents/status', 'organizations', 'organizations/status', 'teams', 'teams/status', 'groups'],
    READ,
  ),
  rule([''], ['configmaps', 'events', 'namespaces', 'namespaces/status'], READ),
  rule(['events.k8s.io'], ['events'], READ),
];

/** Secrets are read and written by org-admin and developer only; viewer and deployer read config maps. */
const configWrite = rule([''], ['configmaps', 'secrets'], ALL_OBJECT_VERBS);

const tenantRoles: ClusterRole[] = [
  clusterRole('org-admin', [
    rule([ORGPLANE], ['agents', 'teams', 'groups'], ALL_OBJECT_VERBS),
    rule(
      [ORGPLANE],
      [
        'agents/status',
        'auditevents',
        'organizations',
        'organizations/status',
        'teams/status',
        'groups/status',
      ],
      READ,
    ),
    rule([ORGPLANE], ['organizations/activity'], ['get']),
    rule([RBAC_GROUP], ['roles', 'rolebindings'], ALL_OBJECT_VERBS),
    rule([''], ['events'], ALL_OBJECT_VERBS),
    configWrite,
    rule(['events.k8s.io'], ['events'], ALL_OBJECT_VERBS),
    rule(['coordination.k8s.io'], ['leases'], ALL_OBJECT_VERBS),
    rule([''], ['namespaces', 'namespaces/status'], READ),
  ]),
  clusterRole('developer', [rule([ORGPLANE], ['agents'], EDIT), configWrite, ...tenantRead]),
  clusterRole('deployer', [
    rule([ORGPLANE], ['agents'], ['get', 'list', 'watch', 'create', 'update', 'patch']),
    rule([''], ['configmaps'], READ),
  ]),
  clusterRole('viewer', tenantRead),
];

const systemRoles: ClusterRole[] = [
  clusterRole('cluster-admin', [rule(['*'], ['*'], ['*']), urls(['*'], ['*'])]),
  clusterRole('system:discovery', [
    urls([
      '/api',
      '/api/*',
      '/apis',
      '/apis/*',
      '/healthz',
      '/livez',
      '/openapi',
      '/openapi/*',
      '/readyz',
      '/version',
      '/version/',
    ]),
  ]),
  clusterRole('system:public-info-viewer', [
    urls(['/healthz', '/livez', '/readyz', '/version', '/version/']),
  ]),
  clusterRole('system:basic-user', [
    rule(['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], ['create']),
    rule(['authentication.k8s.io'], ['selfsubjectreviews'], ['create']),
    // answered only within what the caller may see (apiserver/handlers/review-scope.ts)
    rule([ORGPLANE], ['quotareviews', 'accessreviews', 'whocanreviews'], ['create']),
  ]),
  clusterRole('system:service-account-issuer-discovery', [
    urls([
      '/.well-known/openid-configuration',
      '/.well-known/openid-configuration/',
      '/openid/v1/jwks',
      '/openid/v1/jwks/',
    ]),
  ]),
  clusterRole('system:monitoring', [
    urls([
      '/healthz',
      '/healthz/*',
      '/livez',
      '/livez/*',
      '/metrics',
      '/metrics/slis',
      '/readyz',
      '/readyz/*',
    ]),
  ]),
];

const bindings: ClusterRoleBinding[] = [
  clusterRoleBinding('cluster-admin', 'cluster-admin', ['system:masters']),
  clusterRoleBinding('system:discovery', 'system:discovery', [AUTHENTICATED_GROUP]),
  clusterRoleBinding('system:basic-user', 'system:basic-user', [AUTHENTICATED_GROUP]),
  clusterRoleBinding('system:public-info-viewer', 'system:public-info-viewer', [
    AUTHENTICATED_GROUP,
    UNAUTHENTICATED_GROUP,
  ]),
  clusterRoleBinding('system:service-account-issuer-discovery', 'system:service-account-issuer-discovery', [
    AUTHENTICATED_GROUP,
  ]),
  clusterRoleBinding('system:monitoring', 'system:monitoring', ['system:monitoring']),
];

/** A fresh copy of the bootstrap policy (callers may mutate it). */
export function bootstrapPolicy(): BootstrapPolicy {
  return structuredClone({ clusterRoles: [...systemRoles, ...tenantRoles], clusterRoleBindings: bindings });
}
