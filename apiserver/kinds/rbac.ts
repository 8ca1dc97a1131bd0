/**
 * rbac.authorization.k8s.io/v1 Role, ClusterRole, RoleBinding, ClusterRoleBinding: names are path
 * segments (kube's ValidatePathSegmentName), so "system:controller:x" is a valid role name.
 * Their admission is escalation prevention (admission-plugins/rbac-escalation.ts, kube's RBAC
 * storage rules), which needs the server's authorizer: the composition root
 * (server/registry-setup.ts) adds it to this strategy.
 */
import { RBAC_GROUP } from '../../api/builtin/rbac.js';
import type { KindStrategy } from '../registry/types.js';

export const RBAC_PLURALS = ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'] as const;

export const rbacStrategy: KindStrategy = {
  nameRule: 'pathSegment',
};

/** The strategy table's entries of the RBAC kinds. */
export function rbacStrategies(strategy: KindStrategy = rbacStrategy): Record<string, KindStrategy> {
  return Object.fromEntries(RBAC_PLURALS.map((p) => [`${RBAC_GROUP}/${p}`, strategy]));
}
