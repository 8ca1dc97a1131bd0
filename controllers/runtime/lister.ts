/**
 * Read access to a cache of one resource (client-go's Lister): what reconcilers read instead of
 * asking the API server. An Informer is one; tests may pass another.
 */
import type { KubeObject } from '../../api/meta.js';
import type { ResourceType } from './resources.js';

export interface Lister<T extends KubeObject> {
  /** The cached object (frozen: copy before changing it), if any. */
  get(name: string, namespace?: string): T | undefined;
  /** Cached objects of one namespace (an index lookup), or all. */
  list(namespace?: string): T[];
  /** The resourceVersion the cache has caught up to: every change up to it is in the cache. */
  resourceVersion(): string;
}

/** The cache of each resource (Manager.informer, or fakes in tests). */
export type Listers = <T extends KubeObject>(res: ResourceType) => Lister<T>;

/**
 * True when a cache at cacheRV holds every change committed up to rv. resourceVersions are
 * compared as numbers (etcd revisions, as orgplane and kube-apiserver serve them); when either is
 * not a number the answer is true, as the order cannot be known.
 */
export function caughtUp(cacheRV: string, rv: string | undefined): boolean {
  if (rv === undefined || rv === '') return true;
  if (cacheRV === '') return false;
  const a = Number(cacheRV);
  const b = Number(rv);
  if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b)) return true;
  return a >= b;
}
