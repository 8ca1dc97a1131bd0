/**
 * Reads one organization's tenant through the API, with the caller's credentials (RBAC decides
 * what may be exported): the Organization, its Teams and Groups, the Roles, RoleBindings,
 * ConfigMaps, Agents (and, when asked, Secrets) of every namespace of its tree, and the global
 * ServiceAccounts bound in it (User subjects of its bindings and members of its Groups that exist
 * as ServiceAccounts). ServiceAccounts are cluster-scoped: a caller who may not read them (an org
 * admin) gets the rest, and a note saying they were left out.
 */
import { API_VERSION as ORGPLANE_API_VERSION } from '../../api/group.js';
import type { Obj } from '../gitops/objects.js';
import { nameOf } from '../gitops/objects.js';
import { ServerError } from '../gitops/client.js';

export interface Reader {
  /** the object, or undefined for 404; throws with the server's message otherwise */
  read(apiVersion: string, kind: string, name: string, namespace?: string): Promise<Obj | undefined>;
  list(apiVersion: string, kind: string, namespace: string): Promise<Obj[]>;
}

export interface Collected {
  readonly objects: Obj[];
  /** what was left out and why, for stderr */
  readonly notes: string[];
}

const RBAC_V1 = 'rbac.authorization.k8s.io/v1';

const IN_NAMESPACE = [
  [RBAC_V1, 'Role'],
  [RBAC_V1, 'RoleBinding'],
  ['v1', 'ConfigMap'],
  [ORGPLANE_API_VERSION, 'Agent'],
] as const;

/** The namespace a Team owns: status.namespace, else `<organization>-<team>`. */
function teamNamespace(org: string, team: Obj): string {
  const status = team.status;
  if (typeof status === 'object' && status !== null && 'namespace' in status) {
    if (typeof status.namespace === 'string' && status.namespace !== '') return status.namespace;
  }
  return `${org}-${nameOf(team)}`;
}

const stringsAt = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];

/** User names bound by the bindings (User subjects) or listed as Group members. */
export function boundUsers(bindings: readonly Obj[], groups: readonly Obj[]): string[] {
  const users = new Set<string>();
  for (const b of bindings) {
    const subjects = Array.isArray(b.subjects) ? (b.subjects as unknown[]) : [];
    for (const s of subjects) {
      if (typeof s !== 'object' || s === null || !('kind' in s) || !('name' in s)) continue;
      if (s.kind === 'User' && typeof s.name === 'string') users.add(s.name);
    }
  }
  for (const g of groups) {
    const spec = g.spec;
    if (typeof spec === 'object' && spec !== null && 'members' in spec)
      for (const m of stringsAt(spec.members)) users.add(m);
  }
  return [...users].sort();
}

async function serviceAccounts(reader: Reader, users: readonly string[], notes: string[]): Promise<Obj[]> {
  const found: Obj[] = [];
  for (const user of users) {
    try {
      const sa = await reader.read(ORGPLANE_API_VERSION, 'ServiceAccount', user);
      if (sa) found.push(sa);
    } catch (err) {
      if (!(err instanceof ServerError && err.code === 403)) throw err;
      notes.push(
        `ServiceAccounts left out (${String(users.length)} bound users; create them before applying): ${err.message}`,
      );
      return [];
    }
  }
  return found;
}

/** Everything of the organization `org` the export holds, unstripped and unordered. */
export async function collect(reader: Reader, org: string, includeSecrets: boolean): Promise<Collected> {
  const organization = await reader.read(ORGPLANE_API_VERSION, 'Organization', org);
  if (!organization) throw new ServerError(404, `organizations.orgplane.io "${org}" not found`);
  const teams = await reader.list(ORGPLANE_API_VERSION, 'Team', org);
  const groups = await reader.list(ORGPLANE_API_VERSION, 'Group', org);
  const namespaces = [org, ...teams.map((t) => teamNamespace(org, t))];
  const kinds: readonly (readonly [string, string])[] = includeSecrets
    ? [...IN_NAMESPACE, ['v1', 'Secret']]
    : IN_NAMESPACE;
  const inNamespaces = (
    await Promise.all(
      namespaces.flatMap((ns) => kinds.map(([apiVersion, kind]) => reader.list(apiVersion, kind, ns))),
    )
  ).flat();
  const notes: string[] = [];
  const bindings = inNamespaces.filter((o) => o.kind === 'RoleBinding');
  const accounts = await serviceAccounts(reader, boundUsers(bindings, groups), notes);
  return { objects: [...accounts, organization, ...teams, ...groups, ...inNamespaces], notes };
}
