/** The cache's initial state: every object under /registry/, listed in pages at one revision. */
import type { Storage } from '../storage/interface.js';
import { splitKey, type Keeper } from './entry.js';
import { ResourceState } from './resource.js';
import type { RingOptions } from './ring.js';

export const REGISTRY = '/registry/';
const PAGE = 5000;

export async function loadRegistry(
  storage: Storage,
  ring: RingOptions,
  keeper: Keeper,
): Promise<{ resources: Map<string, ResourceState>; revision: number }> {
  const resources = new Map<string, ResourceState>();
  let revision = 0;
  let after: string | undefined;
  for (;;) {
    const page = await storage.list(REGISTRY, {
      limit: PAGE,
      ...(revision > 0 ? { revision } : {}),
      ...(after !== undefined ? { continueAfter: after } : {}),
    });
    revision = page.revision;
    for (const kv of page.items) {
      after = kv.key;
      const parts = splitKey(kv.key);
      if (!parts) continue;
      let r = resources.get(parts.prefix);
      if (!r) {
        r = new ResourceState(parts.prefix, revision, ring, keeper);
        resources.set(parts.prefix, r);
      }
      r.load(kv, parts.namespace);
    }
    if (!page.more) return { resources, revision };
  }
}
