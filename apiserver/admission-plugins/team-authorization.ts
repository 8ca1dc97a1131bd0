/**
 * TeamAuthorization (DESIGN.md "Who manages teams"): a Team write is authorized in its parent's
 * namespace (the organization's for a top-level team), which only the object tells:
 * creating needs `create teams` there; a move (spec.parent changed) needs `update teams` in the old
 * and the new parent's namespaces; any other update needs `update teams` in the parent's
 * namespace. Deleting (`delete teams` there) is checked by the Team delete hook (team-delete.ts).
 * A refusal is kube's 403 naming the namespace checked. system:masters bypasses.
 */
import type { KubeObject } from '../../api/meta.js';
import { objectOr } from '../../api/json.js';
import type { UserInfo } from '../../api/user.js';
import { forbiddenError } from '../authz/forbidden.js';
import { MASTERS_GROUP } from '../authz/masters.js';
import type { Authorizer, AuthzAttributes } from '../authz/types.js';
import { teamNamespace } from '../kinds/team-tree.js';
import type { AdmissionPlugin, Attributes } from '../admission/types.js';
import { isTeams } from './team.js';

const parentNamespace = (org: string, obj: KubeObject | undefined): string => {
  const p = objectOr(obj?.spec).parent;
  return typeof p === 'string' && p !== '' ? teamNamespace(org, p) : org;
};

/** Refuses unless `verb teams` is allowed in namespace. */
export async function authorizeTeamVerb(
  authorizer: Authorizer,
  user: UserInfo,
  verb: string,
  namespace: string,
  name: string,
): Promise<void> {
  if (user.groups.includes(MASTERS_GROUP)) return;
  const attrs: AuthzAttributes = {
    user,
    verb,
    resourceRequest: true,
    group: 'orgplane.io',
    version: 'v1alpha1',
    resource: 'teams',
    subresource: '',
    namespace,
    name,
    path: '',
  };
  const r = await authorizer.authorize(attrs);
  if (r.decision !== 'allow') throw forbiddenError(attrs, r.reason);
}

export function teamAuthorization(authorizer: Authorizer): AdmissionPlugin {
  return {
    name: 'TeamAuthorization',
    handles: (a: Attributes) =>
      isTeams(a.resource) && (a.operation === 'CREATE' || a.operation === 'UPDATE') && a.subresource === '',
    async validate(a: Attributes): Promise<void> {
      const to = parentNamespace(a.namespace, a.object);
      if (a.operation === 'CREATE') {
        await authorizeTeamVerb(authorizer, a.user, 'create', to, a.name);
        return;
      }
      const from = parentNamespace(a.namespace, a.oldObject);
      await authorizeTeamVerb(authorizer, a.user, 'update', from, a.name);
      if (to !== from) await authorizeTeamVerb(authorizer, a.user, 'update', to, a.name);
    },
  };
}
