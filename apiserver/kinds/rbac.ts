/**
 * rbac.authorization.k8s.io/v1 Role, ClusterRole, RoleBinding, ClusterRoleBinding: names are path
 * segments (kube's ValidatePathSegmentName), so "system:controller:x" is a valid role name, and a
 * binding's roleRef cannot change after create (kube's ValidateRoleBindingUpdate: delete and
 * recreate the binding instead).
 * Their admission is escalation prevention (admission-plugins/rbac-escalation.ts, kube's RBAC
 * storage rules), which needs the server's authorizer: the composition root
 * (server/registry-setup.ts) adds it to this strategy.
 */
import { RBAC_GROUP } from '../../api/builtin/rbac.js';
import { getOwn } from '../../api/json.js';
import type { KubeObject } from '../../api/meta.js';
import type { FieldCause, KindStrategy } from '../registry/types.js';
import { invalid } from '../validation/field.js';

export const RBAC_PLURALS = ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'] as const;

const refField = (ref: unknown, f: string): string => {
  const v = getOwn(ref, f);
  return typeof v === 'string' ? v : '';
};

/** kube's internal rbac.RoleRef (Go field names: the bad value prints as its JSON). */
function roleRefOf(obj: KubeObject): { APIGroup: string; Kind: string; Name: string } {
  const ref = getOwn(obj, 'roleRef');
  return { APIGroup: refField(ref, 'apiGroup'), Kind: refField(ref, 'kind'), Name: refField(ref, 'name') };
}

/** An update changing a binding's roleRef: `roleRef: Invalid value: {...}: cannot change roleRef`. */
export function validateRoleRefUpdate(obj: KubeObject, old: KubeObject | undefined): FieldCause[] {
  if (!old || (getOwn(obj, 'roleRef') === undefined && getOwn(old, 'roleRef') === undefined)) return [];
  const next = roleRefOf(obj);
  const prev = roleRefOf(old);
  if (next.APIGroup === prev.APIGroup && next.Kind === prev.Kind && next.Name === prev.Name) return [];
  return [invalid('roleRef', next, 'cannot change roleRef')];
}

export const rbacStrategy: KindStrategy = {
  nameRule: 'pathSegment',
  validate: validateRoleRefUpdate,
};

/** The strategy table's entries of the RBAC kinds. */
export function rbacStrategies(strategy: KindStrategy = rbacStrategy): Record<string, KindStrategy> {
  return Object.fromEntries(RBAC_PLURALS.map((p) => [`${RBAC_GROUP}/${p}`, strategy]));
}
