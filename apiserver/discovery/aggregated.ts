/**
 * Aggregated discovery (apidiscovery.k8s.io/v2 APIGroupDiscoveryList), served on `/api` (the core
 * group, one item named "") and `/apis` (every other group) when the client asks for it in
 * Accept (see negotiate.ts).
 */
import type { ResourceInfo } from '../../api/resource.js';
import {
  advertisedVerbs,
  extraSubresourcesOf,
  groupResources,
  hasStatus,
  NO_EXTRA_SUBRESOURCES,
  STATUS_VERBS,
  type ExtraSubresources,
} from './groups.js';
import type { APIGroupDiscoveryList, APIResourceDiscovery, GroupVersionKind } from './types.js';

/** The exact Content-Type of an aggregated discovery response; kubectl rejects anything else. */
export const AGGREGATED_DISCOVERY_CONTENT_TYPE =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

export type DiscoveryRoot = 'api' | 'apis';

function resourceDiscovery(r: ResourceInfo, extra: ExtraSubresources): APIResourceDiscovery {
  const responseKind: GroupVersionKind = { group: r.group, version: r.version, kind: r.kind };
  const out: APIResourceDiscovery = {
    resource: r.plural,
    responseKind,
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: advertisedVerbs(r),
  };
  if (r.shortNames.length > 0) out.shortNames = [...r.shortNames];
  if (r.categories.length > 0) out.categories = [...r.categories];
  const subresources = [
    ...(hasStatus(r)
      ? [{ subresource: 'status', responseKind: { ...responseKind }, verbs: [...STATUS_VERBS] }]
      : []),
    ...extraSubresourcesOf(extra, r).map((x) => ({
      subresource: x.subresource,
      responseKind: { group: r.group, version: r.version, kind: x.kind },
      verbs: [...x.verbs],
    })),
  ];
  if (subresources.length > 0) out.subresources = subresources;
  return out;
}

/**
 * The document for `/api` (root 'api': only the core group) or `/apis` (root 'apis': every
 * named group). Input order decides group order; see groups.ts for the rest.
 */
export function aggregatedDiscovery(
  resources: readonly ResourceInfo[],
  root: DiscoveryRoot,
  extra: ExtraSubresources = NO_EXTRA_SUBRESOURCES,
): APIGroupDiscoveryList {
  const selected = resources.filter((r) => (root === 'api' ? r.group === '' : r.group !== ''));
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: groupResources(selected).map((g) => ({
      metadata: { name: g.group },
      versions: g.versions.map((v) => ({
        version: v.version,
        resources: v.resources.map((r) => resourceDiscovery(r, extra)),
        freshness: 'Current' as const,
      })),
    })),
  };
}
