/**
 * The lifecycle loops write only through the registry: the namespace finalizer, the CRD watcher
 * and the garbage collector run on a registry whose storage refuses (and records) every write not made inside one
 * of the store's verbs (support/write-guard.ts), and still finish their work.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../api/meta.js';
import type { ResourceInfo } from '../../api/resource.js';
import { builtinResources } from '../../api/resources.js';
import { mastersAuthorizer, unionAuthorizer } from '../../apiserver/authz/masters.js';
import { startRbac, type Rbac } from '../../apiserver/authz/rbac-runtime.js';
import { WatchCache } from '../../apiserver/cache/cacher.js';
import { InternalStore } from '../../apiserver/registry/internal.js';
import type { SystemClient } from '../../apiserver/registry/system.js';
import { watchCRDs, type CrdWatcher } from '../../apiserver/lifecycle/crd-watcher.js';
import { GarbageCollector } from '../../apiserver/lifecycle/gc.js';
import { NamespaceFinalizer, NAMESPACE_CONTROLLER } from '../../apiserver/lifecycle/namespace-finalizer.js';
import { silentLogger } from '../../apiserver/observability/logger.js';
import { ResourceCatalog } from '../../apiserver/registry/catalog.js';
import { namespaceKey, resourcePrefix } from '../../apiserver/registry/keys.js';
import { buildRegistry } from '../../apiserver/server/registry-setup.js';
import type { Storage } from '../../apiserver/storage/interface.js';
import { eventually } from '../support/api-helpers.js';
import { embeddedBackend } from '../support/embedded-backend.js';
import { writeGuard } from '../support/write-guard.js';

const backend = embeddedBackend();
const guard = writeGuard();
const logger = silentLogger();
const opts = {
  dryRun: false,
  fieldManager: 'test',
  fieldValidation: 'Strict',
  user: NAMESPACE_CONTROLLER,
  subresource: '',
} as const;

const widgets: KubeObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.guard.io' },
  spec: {
    group: 'guard.io',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      },
    ],
  },
};

describe('lifecycle loops on a storage that refuses direct writes', () => {
  let raw: Storage;
  let cache: WatchCache;
  let rbac: Rbac;
  let registry: SystemClient;
  let finalizer: NamespaceFinalizer;
  let crdWatcher: CrdWatcher;
  let gc: GarbageCollector;

  const builtin = (group: string, plural: string): ResourceInfo => {
    const res = registry.catalog.lookupResource(group, plural);
    if (!res) throw new Error(`${group}/${plural} not served`);
    return res;
  };
  const create = (res: ResourceInfo, ns: string, body: KubeObject): Promise<unknown> =>
    registry.store(res).create(ns, body, opts);

  beforeAll(async () => {
    raw = await backend.open();
    const storage = guard.guardStorage(raw);
    const catalog = new ResourceCatalog();
    catalog.set('builtin', builtinResources());
    cache = new WatchCache(storage, { logger });
    await cache.start();
    const internal = new InternalStore(storage);
    rbac = startRbac(internal, logger);
    const authorizer = unionAuthorizer([mastersAuthorizer, rbac.authorizer]);
    const now = (): Date => new Date();
    const reg = buildRegistry({
      storage,
      internal,
      catalog,
      now,
      rbac,
      authorizer,
      extraPlugins: [],
      watchCache: cache,
    });
    registry = guard.guardRegistry(reg);
    finalizer = new NamespaceFinalizer(registry, logger);
    await finalizer.start();
    crdWatcher = watchCRDs(registry, logger);
    await crdWatcher.ready;
    gc = new GarbageCollector(registry, logger);
    await gc.start();
  });
  afterAll(async () => {
    finalizer.stop();
    crdWatcher.stop();
    gc.stop();
    cache.stop();
    rbac.stop();
    await backend.cleanup();
  });

  it('the namespace finalizer empties and removes a namespace through the registry', async () => {
    const namespaces = builtin('', 'namespaces');
    await create(namespaces, '', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } });
    const lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', spec: {} };
    await create(builtin('coordination.k8s.io', 'leases'), 'doomed', { ...lease, metadata: { name: 'l1' } });
    await create(builtin('coordination.k8s.io', 'leases'), 'doomed', { ...lease, metadata: { name: 'l2' } });
    guard.throughRegistry.length = 0;
    await registry
      .store(namespaces)
      .delete({ namespace: '', name: 'doomed', dryRun: false, user: opts.user });
    await eventually(async () => ((await raw.get(namespaceKey('doomed'))) ? undefined : true), 'gone');
    expect(guard.direct).toEqual([]);
    const verbs = guard.throughRegistry.map((w) => w.split(':')[0]);
    expect(verbs).toEqual(expect.arrayContaining(['leases.delete', 'namespaces.update']));
  });

  it('the CRD watcher removes a deleted kind’s objects, finalizers and all, through the registry', async () => {
    const crds = builtin('apiextensions.k8s.io', 'customresourcedefinitions');
    await create(crds, '', widgets);
    await create(builtin('', 'namespaces'), '', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'w' },
    });
    const res = await eventually(
      () => Promise.resolve(registry.catalog.lookupResource('guard.io', 'widgets')),
      'served',
    );
    const widget = { apiVersion: 'guard.io/v1', kind: 'Widget' };
    await create(res, 'w', { ...widget, metadata: { name: 'w1', finalizers: ['guard.io/hold'] } });
    await create(res, 'w', { ...widget, metadata: { name: 'w2' } });
    guard.throughRegistry.length = 0;
    await registry
      .store(crds)
      .delete({ namespace: '', name: 'widgets.guard.io', dryRun: false, user: opts.user });
    await eventually(
      async () => ((await raw.list(resourcePrefix(res))).items.length === 0 ? true : undefined),
      'no widgets',
    );
    expect(guard.direct).toEqual([]);
    const verbs = guard.throughRegistry.map((w) => w.split(':')[0]);
    expect(verbs).toEqual(expect.arrayContaining(['widgets.patch', 'widgets.delete']));
  });

  it('the guard itself refuses and records a write made outside a store verb', async () => {
    const other = writeGuard();
    const storage = other.guardStorage(raw);
    await expect(storage.delete(namespaceKey('nowhere'))).rejects.toThrow('outside the registry');
    expect(other.direct).toHaveLength(1);
  });

  it('the garbage collector deletes dependents and clears finalizers through the registry', async () => {
    await create(builtin('', 'namespaces'), '', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'gc' },
    });
    const leases = builtin('coordination.k8s.io', 'leases');
    const lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', spec: {} };
    const owner = (await create(leases, 'gc', { ...lease, metadata: { name: 'owner' } })) as {
      object: KubeObject;
    };
    const ref = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      name: 'owner',
      uid: owner.object.metadata.uid ?? '',
    };
    await create(leases, 'gc', { ...lease, metadata: { name: 'dep', ownerReferences: [ref] } });
    guard.throughRegistry.length = 0;
    const store = registry.store(leases);
    await store.delete({
      namespace: 'gc',
      name: 'owner',
      propagationPolicy: 'Foreground',
      dryRun: false,
      user: opts.user,
    });
    const gone = async (name: string): Promise<true | undefined> =>
      store.get('gc', name).then(
        () => undefined,
        (err: unknown) => ((err as { code?: unknown }).code === 404 ? true : undefined),
      );
    await eventually(() => gone('owner'), 'owner gone');
    await eventually(() => gone('dep'), 'dependent gone');
    expect(guard.direct).toEqual([]);
    const verbs = guard.throughRegistry.map((w) => w.split(':')[0]);
    expect(verbs).toEqual(expect.arrayContaining(['leases.delete', 'leases.patch']));
  });
});
