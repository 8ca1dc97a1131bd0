/**
 * Deleting a Team (its KindStrategy.beforeDelete, run on the DELETE request before anything is
 * marked): needs `delete teams` in the parent's namespace, and is refused (409) while the team has
 * child teams or objects in its namespace, unless the team or an ancestor sets
 * spec.allowCascadingDeletion or an ancestor is being deleted (its cascade reaches down), or the
 * organization's namespace is itself terminating. The team controller then deletes what is below,
 * deepest first, before it lets the Team go. Events and AuditEvents do not count as content.
 */
import type { KubeObject } from '../../api/meta.js';
import type { ResourceInfo } from '../../api/resource.js';
import type { UserInfo } from '../../api/user.js';
import type { Authorizer } from '../authz/types.js';
import { conflict } from '../errors/status.js';
import { teamNamespace, teamNode, type TeamNode } from '../kinds/team-tree.js';
import { listPrefix, namespaceKey } from '../registry/keys.js';
import type { KindStrategy } from '../registry/types.js';
import { decode } from '../storage/codec.js';
import type { Storage } from '../storage/interface.js';
import { authorizeTeamVerb } from './team-authorization.js';
import { teamsOf } from './team.js';

export interface TeamDeleteDeps {
  readonly storage: Storage;
  readonly authorizer: Authorizer;
  /** every stored resource (the catalog's) */
  readonly resources: () => readonly ResourceInfo[];
}

const NOT_CONTENT = new Set(['/events', 'events.k8s.io/events', 'orgplane.io/auditevents']);

/** Whether the deletion of `name` may take its subtree along. */
function cascades(nodes: ReadonlyMap<string, TeamNode>, name: string): boolean {
  const seen = new Set<string>();
  let node = nodes.get(name);
  if (node?.cascade) return true;
  while (node?.parent !== undefined && !seen.has(node.parent)) {
    seen.add(node.parent);
    node = nodes.get(node.parent);
    if (node && (node.cascade || node.deleting)) return true;
  }
  return false;
}

async function contentOf(deps: TeamDeleteDeps, namespace: string): Promise<number> {
  let n = 0;
  for (const res of deps.resources()) {
    if (!res.namespaced || res.virtual || NOT_CONTENT.has(`${res.group}/${res.plural}`)) continue;
    n += await deps.storage.count(listPrefix(res, namespace));
  }
  return n;
}

export function teamDeleteHooks(deps: TeamDeleteDeps): KindStrategy {
  return {
    async beforeDelete(obj: KubeObject, ctx: { readonly user: UserInfo }): Promise<void> {
      const org = obj.metadata.namespace ?? '';
      const name = obj.metadata.name ?? '';
      const self = teamNode(obj);
      const parentNs = self.parent !== undefined ? teamNamespace(org, self.parent) : org;
      await authorizeTeamVerb(deps.authorizer, ctx.user, 'delete', parentNs, name);
      if (self.deleting) return;
      const orgNs = await deps.storage.get(namespaceKey(org));
      if (!orgNs || decode(orgNs).metadata.deletionTimestamp !== undefined) return;
      const { nodes } = await teamsOf(deps.storage, org);
      if (cascades(nodes, name)) return;
      const children = [...nodes.values()].filter((n) => n.parent === name).map((n) => n.name);
      const ns = teamNamespace(org, name);
      const objects = await contentOf(deps, ns);
      if (children.length === 0 && objects === 0) return;
      const what = [
        ...(children.length > 0 ? [`child teams [${children.sort().join(' ')}]`] : []),
        ...(objects > 0 ? [`${String(objects)} object(s) in namespace ${ns}`] : []),
      ].join(' and ');
      throw conflict(
        { group: 'orgplane.io', resource: 'teams' },
        name,
        `the team still has ${what}; set spec.allowCascadingDeletion: true to delete them with it`,
      );
    },
  };
}
