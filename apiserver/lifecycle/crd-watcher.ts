/**
 * Serves every stored CRD: follows CRDs through the registry (served by the watch cache), adding
 * a kind to the catalog when its CRD is stored and removing it when the CRD is deleted; the
 * deleted kind's objects are then removed through the registry, their finalizers cleared first
 * (nothing serves the kind any more to finish them). Several API servers on one etcd each follow
 * the same CRDs, so all serve the same kinds.
 */
import type winston from 'winston';
import type { CustomResourceDefinition } from '../../api/crd.js';
import type { ResourceInfo } from '../../api/resource.js';
import { resourcesFromCRD } from '../../api/resources.js';
import { CRD_CONTROLLER, hasCode, type SystemClient, systemWrite } from '../registry/system.js';
import { follow, type Following } from './follow.js';
import { type Outcome, WorkQueue } from './queue.js';

export interface CrdWatcher {
  /** resolves once the stored CRDs are served */
  readonly ready: Promise<void>;
  stop(): void;
}

function ownerOf(crd: CustomResourceDefinition): string {
  return `crd:${crd.metadata.name ?? ''}`;
}

const all = (): boolean => true;

/** Remove every object of a deleted CRD's kind; 'wait' while some remain. */
async function deleteInstances(registry: SystemClient, res: ResourceInfo): Promise<Outcome> {
  const store = registry.store(res);
  const items = (await store.list({ namespace: '', filter: all })).items;
  for (const obj of items) {
    const { namespace = '', name = '', finalizers = [] } = obj.metadata;
    const opts = systemWrite(CRD_CONTROLLER, 'apiextensions-controller');
    const gone = (err: unknown): void => {
      if (!hasCode(err, 404)) throw err;
    };
    if (finalizers.length > 0)
      await store
        .patch(namespace, name, 'merge', { metadata: { finalizers: null } }, { ...opts, force: false })
        .catch(gone);
    await store.delete({ namespace, name, dryRun: false, user: CRD_CONTROLLER }).catch(gone);
  }
  return items.length === 0 ? 'done' : 'wait';
}

export function watchCRDs(registry: SystemClient, logger: winston.Logger): CrdWatcher {
  const crds = registry.catalog.lookupResource('apiextensions.k8s.io', 'customresourcedefinitions');
  if (!crds) throw new Error('customresourcedefinitions are not served');
  const served = new Set<string>();
  const removed = new Map<string, ResourceInfo>();
  const cleanup = new WorkQueue(
    async (owner) => {
      const res = removed.get(owner);
      if (!res || served.has(owner)) return 'done';
      const outcome = await deleteInstances(registry, res);
      if (outcome === 'done') {
        removed.delete(owner);
        logger.info('custom resource kind removed', { crd: owner });
      }
      return outcome;
    },
    logger,
    'CRD instance cleanup',
    50,
    5_000,
  );
  const serve = (crd: CustomResourceDefinition): void => {
    served.add(ownerOf(crd));
    if (crd.metadata.deletionTimestamp !== undefined) registry.catalog.remove(ownerOf(crd));
    else registry.catalog.set(ownerOf(crd), resourcesFromCRD(crd));
  };
  const unserve = (owner: string, crd?: CustomResourceDefinition): void => {
    served.delete(owner);
    registry.catalog.remove(owner);
    const res = crd ? resourcesFromCRD(crd)[0] : undefined;
    if (res) removed.set(owner, res);
    if (removed.has(owner)) cleanup.add(owner);
  };
  const known = new Map<string, CustomResourceDefinition>();
  const following: Following = follow(
    registry.store(crds),
    {
      sync: (all) => {
        const items = [...all];
        const now = new Set(items.map((o) => ownerOf(o as unknown as CustomResourceDefinition)));
        for (const owner of [...served])
          if (!now.has(owner)) {
            unserve(owner, known.get(owner));
            known.delete(owner);
          }
        for (const o of items) {
          const crd = o as unknown as CustomResourceDefinition;
          known.set(ownerOf(crd), crd);
          serve(crd);
        }
      },
      event: (ev) => {
        const crd = ev.object as unknown as CustomResourceDefinition;
        if (ev.type === 'DELETED') {
          known.delete(ownerOf(crd));
          unserve(ownerOf(crd), crd);
        } else {
          known.set(ownerOf(crd), crd);
          serve(crd);
        }
      },
    },
    logger,
    'CRD watcher',
  );
  return {
    ready: following.ready,
    stop: () => {
      following.stop();
      cleanup.stop();
    },
  };
}
