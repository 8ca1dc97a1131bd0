/**
 * Which organization a request counts for, if any: requests of its users (not cluster admins,
 * controllers or system identities) in one of its namespaces (the organization's and its teams',
 * from the namespace tree) or on its Organization object (any subresource).
 */
import type { UserInfo } from '../../api/user.js';
import { MASTERS_GROUP } from '../authz/masters.js';
import { CONTROLLERS_GROUP } from '../flowcontrol/classify.js';
import type { RequestInfo } from '../http/requestinfo.js';

/** Whether the caller's requests count (and may be refused): not system:masters, controllers or system:*. */
export function counted(user: UserInfo): boolean {
  return (
    !user.username.startsWith('system:') &&
    !user.groups.includes(MASTERS_GROUP) &&
    !user.groups.includes(CONTROLLERS_GROUP)
  );
}

export interface OrganizationLookup {
  /** the organization a namespace belongs to (the namespace itself outside any tree) */
  organizationOf(namespace: string): string;
  /** whether an Organization of that name exists */
  exists(org: string): boolean;
}

/** The organization the request acts in; undefined for requests outside every organization. */
export function organizationOfRequest(
  info: RequestInfo | undefined,
  orgs: OrganizationLookup,
): string | undefined {
  if (!info) return undefined;
  let org: string | undefined;
  if (info.group === 'orgplane.io' && info.resource === 'organizations') org = info.name || undefined;
  else if (info.namespace !== '') org = orgs.organizationOf(info.namespace);
  return org !== undefined && orgs.exists(org) ? org : undefined;
}

/**
 * A read of the Organization object itself (its spec, status.requests, activity): counted like any
 * request but never refused, so its admins can always see why the others are.
 */
export const isOrganizationRead = (info: RequestInfo): boolean =>
  info.group === 'orgplane.io' &&
  info.resource === 'organizations' &&
  info.name !== '' &&
  (info.verb === 'get' || info.verb === 'list' || info.verb === 'watch');

const WRITE_VERBS: ReadonlySet<string> = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);

export const isWrite = (info: RequestInfo): boolean => WRITE_VERBS.has(info.verb);

/** A request's outcome as activity counts it, from its RequestInfo and response status. */
export function outcomeOf(
  info: RequestInfo,
  status: number,
  dryRun: boolean,
): { denied: boolean; agentCreated: boolean; agentDeleted: boolean } {
  const agent =
    info.group === 'orgplane.io' && info.resource === 'agents' && info.subresource === '' && !dryRun;
  const ok = status >= 200 && status < 300;
  return {
    denied: status === 403,
    // a create, or an apply that created (201)
    agentCreated: agent && ((ok && info.verb === 'create') || status === 201),
    agentDeleted: agent && ok && info.verb === 'delete',
  };
}
