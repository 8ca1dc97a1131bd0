/**
 * Storage keys: /registry/<group>/<resource>/<namespace>/<name> (core group as "core"),
 * cluster-scoped kinds without the namespace segment.
 */
import type { ResourceInfo } from '../../api/resource.js';

const OBJECTS_ROOT = '/registry/';
const groupSegment = (group: string): string => (group === '' ? 'core' : group);

/** Prefix of every object of every resource; ends with '/'. */
export const OBJECTS_PREFIX = OBJECTS_ROOT;

/** Prefix of every object of one API group ('' for core); ends with '/'. */
export function groupPrefix(group: string): string {
  return `${OBJECTS_ROOT}${groupSegment(group)}/`;
}

/** Prefix of every object of a resource, in all namespaces; ends with '/'. */
export function resourcePrefix(res: Pick<ResourceInfo, 'group' | 'plural'>): string {
  return `${groupPrefix(res.group)}${res.plural}/`;
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

/** What an object key names: its group ('' for core), plural, and [namespace, name] or [name]. */
export interface ObjectKeyParts {
  readonly group: string;
  readonly plural: string;
  readonly rest: readonly string[];
}

export function parseObjectKey(key: string): ObjectKeyParts | undefined {
  if (!key.startsWith(OBJECTS_ROOT)) return undefined;
  const [group, plural, ...rest] = key.slice(OBJECTS_ROOT.length).split('/');
  if (group === undefined || plural === undefined || rest.length === 0) return undefined;
  return { group: group === 'core' ? '' : group, plural, rest };
}

/** Namespaces as the key layout sees them (for code that names a namespace without the catalog). */
export const NAMESPACES = { group: '', plural: 'namespaces', namespaced: false } as const;

/** Prefix of every Namespace object (their names are the namespace segment of other keys). */
export const NAMESPACES_PREFIX = resourcePrefix(NAMESPACES);

export function namespaceKey(name: string): string {
  return objectKey(NAMESPACES, '', name);
}

/** Keys that are not objects of any resource (counters, secrets) live under /orgplane/. */
export function internalKey(...parts: string[]): string {
  return `/orgplane/${parts.join('/')}`;
}

/** Prefix of every Secret: the values the storage layer encrypts at rest. */
export const SECRETS_PREFIX = resourcePrefix({ group: '', plural: 'secrets' });
