/**
 * The cache's initial state: every object under /registry/, listed in pages at one revision. A
 * keeper of locations over a storage that lists keys and revisions alone reads no value at all.
 */
import type { ListResult, RevisionList, Storage } from '../storage/interface.js';
import { splitKey, type Keeper } from './entry.js';
import { ResourceState } from './resource.js';
import type { RingOptions } from './ring.js';

export const REGISTRY = '/registry/';
const PAGE = 5000;

export async function loadRegistry(
  storage: Storage,
  ring: RingOptions,
  /** the keepers by resource prefix, once ready (the first page is read meanwhile) */
  keepers: Promise<(prefix: string) => Keeper>,
  /** the keepers load locations (loadLocation): list keys and revisions only */
  locations: boolean,
): Promise<{
  resources: Map<string, ResourceState>;
  revision: number;
  keeperFor: (prefix: string) => Keeper;
}> {
  const resources = new Map<string, ResourceState>();
  const revisions = locations ? storage.listRevisions?.bind(storage) : undefined;
  const read = (revision: number, after?: string): Promise<ListResult | RevisionList> => {
    const opts = {
      limit: PAGE,
      ...(revision > 0 ? { revision } : {}),
      ...(after !== undefined ? { continueAfter: after } : {}),
    };
    return revisions ? revisions(REGISTRY, opts) : storage.list(REGISTRY, opts);
  };

  // the load's revision is asked for at once, before the keepers are ready: a read of storage
  // issued after the cache started is never older than the cache
  const [first, keeperFor] = await Promise.all([read(0), keepers]);
  let page = first;
  const revision = page.revision;
  for (;;) {
    const last = page.items.at(-1)?.key;
    // the next page is on its way while this one is loaded: storage and this process work at once
    const next = page.more && last !== undefined ? read(revision, last) : undefined;
    // a failed read is awaited (and thrown) below; until then it must not count as unhandled
    next?.catch(() => undefined);
    for (const kv of page.items) {
      const parts = splitKey(kv.key);
      if (!parts) continue;
      let r = resources.get(parts.prefix);
      if (!r) {
        r = new ResourceState(parts.prefix, revision, ring, keeperFor(parts.prefix));
        resources.set(parts.prefix, r);
      }
      if ('value' in kv) r.load(kv, parts.namespace);
      else r.loadLocation(kv, parts.namespace);
    }
    if (!next) return { resources, revision, keeperFor };
    page = await next;
  }
}
