/**
 * RBAC escalation prevention (kube's rbac policybased storages) as a validating admission plugin,
 * on creates and updates of rbac.authorization.k8s.io objects:
 * - Role / ClusterRole: allowed with `escalate` on it; else every rule must be covered by the
 *   user's own rules in the role's namespace ('' for ClusterRoles); an aggregationRule further
 *   needs `*` on `*.*` cluster-wide.
 * - RoleBinding / ClusterRoleBinding: allowed with `bind` on the referenced role (in the binding's
 *   namespace, or cluster-wide for ClusterRoleBindings); else the referenced role's rules must be
 *   covered by the user's rules in that scope. A missing role refuses the binding.
 * system:masters bypasses. An update that leaves rules / aggregationRule (roles) or roleRef /
 * subjects (bindings) as they were is not re-checked (label edits, finalizers, GC).
 */
import type { KubeObject } from '../../api/meta.js';
import type { PolicyRule } from '../../api/builtin/rbac.js';
import { RBAC_GROUP } from '../../api/builtin/rbac.js';
import {
  bindAuthorized,
  escalateAuthorized,
  escalationMessage,
  FULL_AUTHORITY,
} from '../authz/escalation.js';
import { MASTERS_GROUP } from '../authz/masters.js';
import { canonicalJSON, entryOfObject, toRules } from '../authz/rbac-objects.js';
import type { RuleResolver } from '../authz/rule-resolver.js';
import type { Authorizer } from '../authz/types.js';
import { forbidden } from '../errors/status.js';
import type { InternalStore } from '../registry/internal.js';
import type { AdmissionPlugin, Attributes } from '../admission/types.js';

export interface RbacEscalationDeps {
  readonly resolver: RuleResolver;
  /** the server's authorizer (for the `escalate` and `bind` verbs) */
  readonly authorizer: Authorizer;
  /** read a referenced role the index has not seen yet (created a moment ago) from storage */
  readonly roles?: Pick<InternalStore, 'incarnation'>;
}

const ROLES = new Set(['roles', 'clusterroles']);
const BINDINGS = new Set(['rolebindings', 'clusterrolebindings']);

const unchanged = (a: Attributes, fields: readonly string[]): boolean =>
  a.operation === 'UPDATE' &&
  a.oldObject !== undefined &&
  fields.every((f) => canonicalJSON(a.object?.[f]) === canonicalJSON(a.oldObject?.[f]));

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

async function referencedRules(
  deps: RbacEscalationDeps,
  ref: { apiGroup: string; kind: string; name: string },
  ns: string,
): Promise<readonly PolicyRule[] | { error: string }> {
  const fromIndex = deps.resolver.roleRefRules(ref, ns);
  const plural = ref.kind === 'Role' ? 'roles' : ref.kind === 'ClusterRole' ? 'clusterroles' : undefined;
  if (!('error' in fromIndex) || !deps.roles || !plural) return fromIndex;
  const namespaced = plural === 'roles';
  const res = { group: RBAC_GROUP, plural, namespaced };
  // a storage error propagates (503 when storage is down), never a refusal as if the role were missing
  const found = await deps.roles.incarnation(res, namespaced ? ns : '', ref.name);
  const entry = found ? entryOfObject(plural, namespaced ? ns : '', found.object) : undefined;
  return entry && 'rules' in entry ? deps.resolver.index.rulesOf(entry) : fromIndex;
}

async function checkRole(deps: RbacEscalationDeps, a: Attributes, obj: KubeObject): Promise<void> {
  const plural = a.resource.plural;
  if (unchanged(a, ['rules', 'aggregationRule'])) return;
  const target = { resource: plural, namespace: a.namespace, name: a.name };
  if (await escalateAuthorized(deps.authorizer, a.user, target)) return;
  const gr = { group: RBAC_GROUP, resource: plural };
  const msg = escalationMessage(deps.resolver, a.user, a.namespace, toRules(obj.rules));
  if (msg !== undefined) throw forbidden(gr, a.name, msg);
  const aggregating = plural === 'clusterroles' && obj.aggregationRule != null;
  if (aggregating && escalationMessage(deps.resolver, a.user, '', FULL_AUTHORITY) !== undefined)
    throw forbidden(gr, a.name, 'must have cluster-admin privileges to use the aggregationRule');
}

async function checkBinding(deps: RbacEscalationDeps, a: Attributes, obj: KubeObject): Promise<void> {
  const plural = a.resource.plural;
  if (unchanged(a, ['roleRef', 'subjects'])) return;
  const raw = (typeof obj.roleRef === 'object' && obj.roleRef !== null ? obj.roleRef : {}) as Record<
    string,
    unknown
  >;
  const ref = { apiGroup: str(raw.apiGroup), kind: str(raw.kind), name: str(raw.name) };
  const ns = plural === 'rolebindings' ? a.namespace : '';
  if (await bindAuthorized(deps.authorizer, a.user, ref, ns)) return;
  const gr = { group: RBAC_GROUP, resource: plural };
  const rules = await referencedRules(deps, ref, ns);
  if ('error' in rules) throw forbidden(gr, a.name, rules.error);
  const msg = escalationMessage(deps.resolver, a.user, ns, rules);
  if (msg !== undefined) throw forbidden(gr, a.name, msg);
}

export function rbacEscalation(deps: RbacEscalationDeps): AdmissionPlugin {
  return {
    name: 'RBACEscalation',
    handles: (a: Attributes) =>
      a.resource.group === RBAC_GROUP &&
      (ROLES.has(a.resource.plural) || BINDINGS.has(a.resource.plural)) &&
      (a.operation === 'CREATE' || a.operation === 'UPDATE') &&
      a.subresource === '',
    async validate(a: Attributes): Promise<void> {
      const obj = a.object;
      if (!obj || a.user.groups.includes(MASTERS_GROUP)) return;
      if (ROLES.has(a.resource.plural)) await checkRole(deps, a, obj);
      else await checkBinding(deps, a, obj);
    },
  };
}
