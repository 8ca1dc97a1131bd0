/**
 * Storage keys: /registry/<group>/<resource>/<namespace>/<name> (core group as "core"),
 * cluster-scoped kinds without the namespace segment.
 */
import type { ResourceInfo } from '../../api/resource.js';

const groupSegment = (group: string): string => (group === '' ? 'core' : group);

/** Prefix of every object of a resource, in all namespaces; ends with '/'. */
export function resourcePrefix(res: Pick<ResourceInfo, 'group' | 'plural'>): string {
  return `/registry/${groupSegment(res.group)}/${res.plural}/`;
}

/** Prefix of a list: one namespace (namespaced kinds, ns given) or all; ends with '/'. */
export function listPrefix(res: Pick<ResourceInfo, 'group' | 'plural' | 'namespaced'>, ns: string): string {
  return res.namespaced && ns !== '' ? `${resourcePrefix(res)}${ns}/` : resourcePrefix(res);
}

export function objectKey(
  res: Pick<ResourceInfo, 'group' | 'plural' | 'namespaced'>,
  ns: string,
  name: string,
): string {
  return res.namespaced ? `${resourcePrefix(res)}${ns}/${name}` : `${resourcePrefix(res)}${name}`;
}

/** Keys that are not objects of any resource (counters, secrets) live under /orgplane/. */
export function internalKey(...parts: string[]): string {
  return `/orgplane/${parts.join('/')}`;
}
