/**
 * Emptying a terminating namespace (the namespace finalizer's deletion pass): every namespaced
 * object in it, of every stored kind but those whose strategy outlives the namespace (the audit
 * trail of a deleted organization stays), is deleted through
 * the registry as the namespace controller. Kinds still holding objects afterwards (finalizers
 * pending) are watched, so the namespace is looked at again as soon as they change.
 */
import type { ResourceInfo } from '../../api/resource.js';
import { hasCode, type SystemClient, NAMESPACE_CONTROLLER } from '../registry/system.js';
import type { ContentWatches } from './content-watch.js';

const all = (): boolean => true;

/** Delete what is left in ns; returns how many objects remain (waiting on finalizers). */
export async function emptyNamespace(
  registry: SystemClient,
  content: ContentWatches,
  ns: string,
): Promise<number> {
  let remaining = 0;
  for (const res of registry.catalog.storedResources()) {
    if (!res.namespaced || registry.strategy(res).outlivesNamespace === true) continue;
    remaining += await deleteAll(registry, content, res, ns);
  }
  return remaining;
}

async function deleteAll(
  registry: SystemClient,
  content: ContentWatches,
  res: ResourceInfo,
  ns: string,
): Promise<number> {
  const store = registry.store(res);
  let remaining = 0;
  const list = await store.list({ namespace: ns, filter: all });
  for (const obj of list.items) {
    if (obj.metadata.deletionTimestamp !== undefined) {
      remaining++;
      continue;
    }
    const name = obj.metadata.name ?? '';
    const user = NAMESPACE_CONTROLLER;
    const out = await store.delete({ namespace: ns, name, dryRun: false, user }).catch((err: unknown) => {
      if (hasCode(err, 404)) return { deleted: true };
      throw err;
    });
    if (!out.deleted) remaining++;
  }
  if (remaining > 0) content.ensure(ns, store, list.metadata.resourceVersion);
  return remaining;
}
