/**
 * Team objects and organization membership (DESIGN.md "Who manages teams"):
 * - every member of an organization (anyone with a RoleBinding anywhere in its tree) may get, list
 *   and watch the Teams in the organization's namespace: the org chart is visible inside it;
 * - creating, updating or deleting a Team is authorized against its parent's namespace, which only
 *   admission knows (it reads the object): such a write by a member of the organization passes
 *   the request filter and the TeamAuthorization admission plugin decides.
 */
import { GROUP as ORGPLANE } from '../../api/group.js';
import type { UserInfo } from '../../api/user.js';
import type { ResourceRule } from './types.js';
import type { RuleResolver } from './rule-resolver.js';
import { memberOrganizations } from './tenant-scope.js';
import { TEAM_READ_VERBS } from './tenancy.js';
import type { AuthzAttributes } from './types.js';

const TEAM_WRITE_VERBS: ReadonlySet<string> = new Set(['create', 'update', 'patch', 'delete']);

function isTeamRequest(resolver: RuleResolver, a: AuthzAttributes): boolean {
  return (
    a.resourceRequest &&
    a.group === ORGPLANE &&
    a.resource === 'teams' &&
    a.namespace !== '' &&
    resolver.tenancy.tree.organizationOf(a.namespace) === a.namespace
  );
}

/** Whether the user is a member of the organization whose namespace is `namespace`. */
export function isMemberOf(resolver: RuleResolver, a: Pick<AuthzAttributes, 'user' | 'namespace'>): boolean {
  return memberOrganizations(resolver, a.user).has(a.namespace);
}

/** Whether `namespace` is an organization's and the user a member of it (SelfSubjectRulesReview). */
export function orgChartReader(resolver: RuleResolver, user: UserInfo, namespace: string): boolean {
  if (namespace === '' || resolver.tenancy.tree.organizationOf(namespace) !== namespace) return false;
  return isMemberOf(resolver, { user, namespace });
}

/** A read of the Teams of an organization's namespace (whoever asks). */
export function isOrgChartRead(resolver: RuleResolver, a: AuthzAttributes): boolean {
  if (!isTeamRequest(resolver, a) || !TEAM_READ_VERBS.has(a.verb)) return false;
  return a.subresource === '' || a.subresource === 'status';
}

/** A read of the org chart by a member of the organization. */
export function teamReadAllowed(resolver: RuleResolver, a: AuthzAttributes): boolean {
  return isOrgChartRead(resolver, a) && isMemberOf(resolver, a);
}

/** A Team write by a member of the organization: TeamAuthorization admission decides. */
export function teamWriteDeferred(resolver: RuleResolver, a: AuthzAttributes): boolean {
  if (!isTeamRequest(resolver, a) || !TEAM_WRITE_VERBS.has(a.verb) || a.subresource !== '') return false;
  return isMemberOf(resolver, a);
}

/** The org-chart rule SelfSubjectRulesReview lists for a member in the organization's namespace. */
export const TEAM_READ_RULE: ResourceRule = {
  verbs: [...TEAM_READ_VERBS],
  apiGroups: [ORGPLANE],
  resources: ['teams', 'teams/status'],
};
