/**
 * Who may ask the orgplane.io reviews about what (every authenticated user may create them; the
 * handlers then narrow the answer, as kube narrows a SelfSubjectRulesReview to its caller):
 * - an organization's quota: whoever may get the Organization or is a member of it (holds a
 *   RoleBinding anywhere in its tree), so a deployer bot may ask before it creates;
 * - who can act in a namespace, and what another user may do: whoever may list the RoleBindings
 *   of that namespace (cluster-admin everywhere, org-admin in its organization and its teams),
 *   the permission kubectl-who-can needs to read the same answer from the bindings themselves.
 */
import type { UserInfo } from '../../api/user.js';
import { RBAC_GROUP } from '../../api/builtin/rbac.js';
import { GROUP as ORGPLANE } from '../../api/group.js';
import { forbiddenError } from '../authz/forbidden.js';
import type { Rbac } from '../authz/rbac-runtime.js';
import { inScope, probe } from '../authz/tenant-scope.js';
import type { Authorizer } from '../authz/types.js';
import { forbidden } from '../errors/status.js';

export interface ReviewAuthz {
  readonly authorizer: Authorizer;
  readonly rbac: Pick<Rbac, 'visibleOrganizations' | 'allowedNamespaces' | 'tenancy' | 'resolver'>;
}

/** 403 unless the user may get the Organization or is a member of it. */
export async function authorizeQuotaReview(z: ReviewAuthz, user: UserInfo, org: string): Promise<void> {
  const get = await z.authorizer.authorize(probe(user, 'get', ORGPLANE, 'organizations', '', org));
  if (get.decision === 'allow' || inScope(z.rbac.visibleOrganizations(user, 'get'), org)) return;
  throw forbidden(
    { group: ORGPLANE, resource: 'quotareviews' },
    '',
    `User ${JSON.stringify(user.username)} cannot review the quota of organization ${JSON.stringify(org)}: not a member of it`,
  );
}

/**
 * 403 (kube's wording for the check made) unless the user may list RoleBindings in namespace, or,
 * for a question at the cluster scope (namespace ''), ClusterRoleBindings.
 */
export async function authorizeBindingReview(
  z: ReviewAuthz,
  user: UserInfo,
  namespace: string,
): Promise<void> {
  const bindings = namespace === '' ? 'clusterrolebindings' : 'rolebindings';
  const a = probe(user, 'list', RBAC_GROUP, bindings, namespace);
  const r = await z.authorizer.authorize(a);
  if (r.decision !== 'allow') throw forbiddenError(a, 'reviewing who can act here needs it');
}

/**
 * The namespaces whose access the user may review about another user: undefined for every one,
 * else those where it may list RoleBindings (403 when none).
 */
export function accessReviewScope(
  z: ReviewAuthz,
  user: UserInfo,
  subject: string,
): ReadonlySet<string> | undefined {
  const scope = z.rbac.allowedNamespaces(user, 'list', RBAC_GROUP, 'rolebindings');
  if (scope === 'all') return undefined;
  if (scope.size > 0) return scope;
  throw forbidden(
    { group: ORGPLANE, resource: 'accessreviews' },
    '',
    `User ${JSON.stringify(user.username)} cannot review the access of User ${JSON.stringify(subject)}: it may list the RoleBindings of no namespace`,
  );
}
