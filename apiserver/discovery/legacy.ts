/**
 * Legacy (meta/v1) discovery: `/api` → APIVersions, `/apis` → APIGroupList, `/apis/<g>` →
 * APIGroup, `/api/v1` and `/apis/<g>/<v>` → APIResourceList. @kubernetes/client-node resolves
 * kinds only through the APIResourceList, taking the first entry whose kind matches, so each
 * resource comes before its `/status` entry.
 */
import { apiVersionOf, type ResourceInfo } from '../../api/resource.js';
import {
  advertisedVerbs,
  extraSubresourcesOf,
  groupResources,
  hasStatus,
  NO_EXTRA_SUBRESOURCES,
  STATUS_VERBS,
  type ExtraSubresources,
  type GroupEntry,
} from './groups.js';
import type {
  APIGroup,
  APIGroupList,
  APIResource,
  APIResourceList,
  APIVersions,
  GroupVersionForDiscovery,
} from './types.js';

/** `/api`. serverAddress ("host:port") fills serverAddressByClientCIDRs when given. */
export function apiVersions(resources: readonly ResourceInfo[], serverAddress?: string): APIVersions {
  const core = groupResources(resources.filter((r) => r.group === ''))[0];
  return {
    kind: 'APIVersions',
    versions: core ? core.versions.map((v) => v.version) : [],
    serverAddressByClientCIDRs:
      serverAddress === undefined ? [] : [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupBody(g: GroupEntry): Omit<APIGroup, 'kind' | 'apiVersion'> {
  const versions: GroupVersionForDiscovery[] = g.versions.map((v) => ({
    groupVersion: apiVersionOf({ group: g.group, version: v.version }),
    version: v.version,
  }));
  // groupResources never yields a group without versions
  const preferred = versions[0] ?? { groupVersion: '', version: '' };
  return { name: g.group, versions, preferredVersion: { ...preferred } };
}

/** `/apis`: every named group (the core group is listed by `/api` instead). */
export function apiGroupList(resources: readonly ResourceInfo[]): APIGroupList {
  const groups = groupResources(resources.filter((r) => r.group !== ''));
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map(groupBody) };
}

/** `/apis/<group>`; undefined (404) for an unknown or the core group. */
export function apiGroup(resources: readonly ResourceInfo[], group: string): APIGroup | undefined {
  if (group === '') return undefined;
  const g = groupResources(resources.filter((r) => r.group === group))[0];
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...groupBody(g) } : undefined;
}

function apiResources(r: ResourceInfo, extra: ExtraSubresources): APIResource[] {
  const main: APIResource = {
    name: r.plural,
    singularName: r.singular,
    namespaced: r.namespaced,
    kind: r.kind,
    verbs: advertisedVerbs(r),
  };
  if (r.shortNames.length > 0) main.shortNames = [...r.shortNames];
  if (r.categories.length > 0) main.categories = [...r.categories];
  const subs: APIResource[] = extraSubresourcesOf(extra, r).map((x) => ({
    name: `${r.plural}/${x.subresource}`,
    singularName: '',
    namespaced: r.namespaced,
    kind: x.kind,
    verbs: [...x.verbs],
  }));
  if (!hasStatus(r)) return [main, ...subs];
  const status: APIResource = {
    name: `${r.plural}/status`,
    singularName: '',
    namespaced: r.namespaced,
    kind: r.kind,
    verbs: [...STATUS_VERBS],
  };
  return [main, status, ...subs];
}

/** `/api/<v>` (group '') or `/apis/<group>/<v>`; undefined (404) when nothing is served there. */
export function apiResourceList(
  resources: readonly ResourceInfo[],
  group: string,
  version: string,
  extra: ExtraSubresources = NO_EXTRA_SUBRESOURCES,
): APIResourceList | undefined {
  const entry = groupResources(resources.filter((r) => r.group === group && r.version === version))[0];
  const version0 = entry?.versions[0];
  if (!version0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf({ group, version }),
    resources: version0.resources.flatMap((r) => apiResources(r, extra)),
  };
}
