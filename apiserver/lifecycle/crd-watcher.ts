/**
 * Serves every stored CRD: lists them at start, then follows a watch, adding a kind to the catalog
 * when its CRD is stored and removing it (and its objects) when the CRD is deleted. Several API
 * servers on one etcd each follow the same watch, so all serve the same kinds.
 */
import type winston from 'winston';
import type { CustomResourceDefinition } from '../../api/crd.js';
import { resourcesFromCRD } from '../../api/resources.js';
import type { ResourceCatalog } from '../registry/catalog.js';
import { resourcePrefix } from '../registry/keys.js';
import { isStorageError } from '../storage/errors.js';
import type { Storage } from '../storage/interface.js';

export const CRD_PREFIX = resourcePrefix({
  group: 'apiextensions.k8s.io',
  plural: 'customresourcedefinitions',
});

function ownerOf(crd: CustomResourceDefinition): string {
  return `crd:${crd.metadata.name ?? ''}`;
}

function serve(catalog: ResourceCatalog, crd: CustomResourceDefinition): void {
  if (crd.metadata.deletionTimestamp !== undefined) catalog.remove(ownerOf(crd));
  else catalog.set(ownerOf(crd), resourcesFromCRD(crd));
}

async function deleteInstances(storage: Storage, crd: CustomResourceDefinition): Promise<void> {
  const prefix = resourcePrefix({ group: crd.spec.group, plural: crd.spec.names.plural });
  for (;;) {
    const page = await storage.list(prefix, { limit: 500 });
    if (page.items.length === 0) return;
    for (const kv of page.items) {
      await storage.delete(kv.key).catch((err: unknown) => {
        if (!isStorageError(err, 'KeyNotFound')) throw err;
      });
    }
  }
}

export interface CrdWatcher {
  /** resolves once the stored CRDs are served */
  readonly ready: Promise<void>;
  stop(): void;
}

/** List every CRD and serve exactly those; returns the revision listed at. */
async function relist(storage: Storage, catalog: ResourceCatalog, served: Set<string>): Promise<number> {
  const list = await storage.list(CRD_PREFIX);
  const seen = new Set<string>();
  for (const kv of list.items) {
    const crd = JSON.parse(kv.value) as CustomResourceDefinition;
    seen.add(ownerOf(crd));
    serve(catalog, crd);
  }
  for (const owner of served) if (!seen.has(owner)) catalog.remove(owner);
  served.clear();
  for (const owner of seen) served.add(owner);
  return list.revision;
}

export function watchCRDs(storage: Storage, catalog: ResourceCatalog, logger: winston.Logger): CrdWatcher {
  const state = { stopped: false };
  const isStopped = (): boolean => state.stopped;
  let stopWatch = (): void => undefined;
  const served = new Set<string>();
  const follow = async (rev: number): Promise<void> => {
    const w = storage.watch(CRD_PREFIX, { fromRevision: rev });
    stopWatch = () => {
      w.stop();
    };
    for await (const ev of w) {
      const crd = JSON.parse(ev.kv.value) as CustomResourceDefinition;
      if (ev.type === 'delete') {
        served.delete(ownerOf(crd));
        catalog.remove(ownerOf(crd));
        await deleteInstances(storage, crd);
        logger.info('custom resource kind removed', { crd: crd.metadata.name });
      } else {
        served.add(ownerOf(crd));
        serve(catalog, crd);
      }
    }
  };
  const loop = async (first: number): Promise<void> => {
    let rev = first;
    while (!state.stopped) {
      try {
        await follow(rev);
      } catch (err) {
        logger.warn('CRD watch ended; relisting', { error: String(err) });
      }
      if (isStopped()) return;
      await new Promise((r) => setTimeout(r, 200));
      rev = await relist(storage, catalog, served).catch(() => rev);
    }
  };
  const ready = relist(storage, catalog, served).then((rev) => {
    void loop(rev);
  });
  return {
    ready,
    stop: () => {
      state.stopped = true;
      stopWatch();
    },
  };
}
