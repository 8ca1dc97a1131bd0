/**
 * What the RBAC resolver needs to know about organizations beyond RBAC objects: the namespace tree
 * (inherited bindings), the Group objects (organization groups as binding subjects) and the
 * Organizations' SSO membership rules.
 */
import type { UserInfo } from '../../api/user.js';
import { GroupMembers } from './group-members.js';
import { NamespaceTree } from './namespace-tree.js';
import { SsoIndex } from './sso-index.js';

/** What every member of an organization may do with its Team objects: read the org chart. */
export const TEAM_READ_VERBS: ReadonlySet<string> = new Set(['get', 'list', 'watch']);

/** Bindings annotated with this set to "false" apply in their own namespace only. */
export const INHERIT_ANNOTATION = 'orgplane.io/inherit';

export class Tenancy {
  constructor(
    readonly tree = new NamespaceTree(),
    readonly groups = new GroupMembers(),
    readonly sso = new SsoIndex(),
  ) {}

  /**
   * The user as RoleBindings of `namespace` see it: its authenticated groups plus the Group objects
   * of the namespace's organization that list it. ClusterRoleBindings never see the latter.
   */
  memberIn(user: UserInfo, namespace: string): UserInfo {
    const extra = this.groups.groupsOf(user.username, this.tree.organizationOf(namespace));
    if (extra.length === 0) return user;
    return { ...user, groups: [...new Set([...user.groups, ...extra])] };
  }

  /** The user with the groups of every organization that lists it (to look up bindings by subject). */
  withAllGroups(user: UserInfo): UserInfo {
    const extra = this.groups.allGroupsOf(user.username);
    return extra.length === 0 ? user : { ...user, groups: [...new Set([...user.groups, ...extra])] };
  }
}
