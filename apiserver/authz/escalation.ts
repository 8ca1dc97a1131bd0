/**
 * Escalation prevention (kube's rbac registry validation): nobody grants rules they do not hold.
 * ConfirmNoEscalation compares the user's own rules in a namespace ('' = cluster-wide) with the
 * rules to be granted; the escape hatches are the `escalate` verb on roles/clusterroles and the
 * `bind` verb on the referenced role, checked through the authorizer like any request.
 */
import type { PolicyRule, RoleRef } from '../../api/builtin/rbac.js';
import { RBAC_GROUP } from '../../api/builtin/rbac.js';
import type { UserInfo } from '../../api/user.js';
import { compactRules, compactString, covers, quoteList } from './covers.js';
import { aggregateErrors, type RuleResolver } from './rule-resolver.js';
import type { Authorizer, AuthzAttributes } from './types.js';

/** What setting an aggregationRule demands: `*` on every resource of every group. */
export const FULL_AUTHORITY: readonly PolicyRule[] = [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }];

/**
 * undefined when the user's rules in namespace cover `rules`; otherwise kube's message:
 * `user "x" (groups=["a" "b"]) is attempting to grant RBAC permissions not currently held:\n{...}`.
 */
export function escalationMessage(
  resolver: RuleResolver,
  user: UserInfo,
  namespace: string,
  rules: readonly PolicyRule[],
): string | undefined {
  const owner = resolver.rulesFor(user, namespace);
  const { covered, missing } = covers(owner.rules, rules);
  if (covered) return undefined;
  const descriptions = [...new Set(compactRules(missing).map(compactString))].sort();
  const msg =
    `user ${JSON.stringify(user.username)} (groups=${quoteList(user.groups)}) is attempting to grant ` +
    `RBAC permissions not currently held:\n${descriptions.join('\n')}`;
  return owner.errors.length > 0 ? `${msg}; resolution errors: [${aggregateErrors(owner.errors)}]` : msg;
}

const resourceAttrs = (
  user: UserInfo,
  verb: string,
  resource: string,
  namespace: string,
  name: string,
): AuthzAttributes => ({
  user,
  verb,
  resourceRequest: true,
  group: RBAC_GROUP,
  version: '',
  resource,
  subresource: '',
  namespace,
  name,
  path: '',
});

/** kube's RoleEscalationAuthorized: `escalate` on the role (roles or clusterroles) being written. */
export async function escalateAuthorized(
  authz: Authorizer,
  user: UserInfo,
  target: { readonly resource: string; readonly namespace: string; readonly name: string },
): Promise<boolean> {
  const r = await authz.authorize(
    resourceAttrs(user, 'escalate', target.resource, target.namespace, target.name),
  );
  return r.decision === 'allow';
}

/** kube's BindingAuthorized: `bind` on the referenced role, in the binding's namespace ('' for ClusterRoleBindings). */
export async function bindAuthorized(
  authz: Authorizer,
  user: UserInfo,
  ref: RoleRef,
  bindingNamespace: string,
): Promise<boolean> {
  const resource = ref.kind === 'ClusterRole' ? 'clusterroles' : ref.kind === 'Role' ? 'roles' : undefined;
  if (resource === undefined) return false;
  const attrs = { ...resourceAttrs(user, 'bind', resource, bindingNamespace, ref.name), group: ref.apiGroup };
  return (await authz.authorize(attrs)).decision === 'allow';
}
