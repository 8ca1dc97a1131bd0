/**
 * Updates start from the watch cache's copy of the object (kube's cachedExistingObject): the
 * first attempt of an update whose object is cached reads nothing from storage, and a cache that
 * lags storage never decides a write: a stale copy's refusal, lost race or no-op is decided again
 * on a storage read.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../api/meta.js';
import type { ResourceInfo } from '../../api/resource.js';
import { builtinResources } from '../../api/resources.js';
import { mastersAuthorizer, unionAuthorizer } from '../../apiserver/authz/masters.js';
import { startRbac, type Rbac } from '../../apiserver/authz/rbac-runtime.js';
import { WatchCache } from '../../apiserver/cache/cacher.js';
import { InternalStore } from '../../apiserver/registry/internal.js';
import type { Registry } from '../../apiserver/registry/registry.js';
import { silentLogger } from '../../apiserver/observability/logger.js';
import { ResourceCatalog } from '../../apiserver/registry/catalog.js';
import { buildRegistry } from '../../apiserver/server/registry-setup.js';
import type { Storage, WatchEvent, Watcher } from '../../apiserver/storage/interface.js';
import { eventually } from '../support/api-helpers.js';
import { embeddedBackend } from '../support/embedded-backend.js';

const backend = embeddedBackend();
const logger = silentLogger();
const opts = {
  dryRun: false,
  fieldManager: 'test',
  fieldValidation: 'Strict',
  user: { username: 'system:admin', groups: ['system:masters'] },
  subresource: '',
} as const;

/** A storage that counts gets and whose watch events wait while `held` is set. */
interface Observed {
  readonly storage: Storage;
  gets: string[];
  hold(): void;
  release(): void;
}

function observed(raw: Storage): Observed {
  let gate: Promise<void> | undefined;
  let open: () => void = () => undefined;
  const o: Observed = {
    gets: [],
    hold: () => {
      gate ??= new Promise((resolve) => {
        open = resolve;
      });
    },
    release: () => {
      gate = undefined;
      open();
    },
    storage: new Proxy(raw, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function') return value;
        const fn = (value as (...a: unknown[]) => unknown).bind(target);
        if (prop === 'get')
          return (key: string, ...rest: unknown[]) => {
            o.gets.push(key);
            return fn(key, ...rest);
          };
        if (prop !== 'watch') return fn;
        return (...args: unknown[]): Watcher => {
          const inner = fn(...args) as Watcher;
          async function* held(): AsyncGenerator<WatchEvent> {
            for await (const ev of inner) {
              while (gate) await gate;
              yield ev;
            }
          }
          const it = held();
          return {
            [Symbol.asyncIterator]: () => it,
            stop: () => {
              inner.stop();
            },
          };
        };
      },
    }),
  };
  return o;
}

describe('updates from the watch cache', () => {
  let raw: Storage;
  let obs: Observed;
  let cache: WatchCache;
  let rbac: Rbac;
  let registry: Registry;
  let leases: ResourceInfo;

  const lease = (name: string, holder: string): KubeObject => ({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name, namespace: 'default' },
    spec: { holderIdentity: holder },
  });
  const store = () => registry.store(leases);
  const cachedRv = (name: string): string | undefined => {
    const e = cache
      .resource('/registry/coordination.k8s.io/leases/')
      ?.get(`/registry/coordination.k8s.io/leases/default/${name}`);
    return e === undefined ? undefined : String(e.rev);
  };
  /** until the watch cache holds `written` (the object a write answered) */
  const untilCached = (written: KubeObject): Promise<true> =>
    eventually(
      () =>
        Promise.resolve(
          cachedRv(written.metadata.name ?? '') === written.metadata.resourceVersion || undefined,
        ),
      `${written.metadata.name ?? ''} cached`,
    );

  beforeAll(async () => {
    raw = await backend.open();
    obs = observed(raw);
    const catalog = new ResourceCatalog();
    catalog.set('builtin', builtinResources());
    cache = new WatchCache(obs.storage, { logger });
    await cache.start();
    const internal = new InternalStore(obs.storage);
    rbac = startRbac(internal, logger);
    registry = buildRegistry({
      storage: obs.storage,
      internal,
      catalog,
      now: () => new Date(),
      rbac,
      authorizer: unionAuthorizer([mastersAuthorizer, rbac.authorizer]),
      extraPlugins: [],
      watchCache: cache,
    });
    const found = catalog.lookupResource('coordination.k8s.io', 'leases');
    if (!found) throw new Error('leases not served');
    leases = found;
    await registry
      .store(catalog.lookupResource('', 'namespaces') ?? leases)
      .create('', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } }, opts)
      .catch(() => undefined);
  });
  afterAll(async () => {
    obs.release();
    cache.stop();
    rbac.stop();
    await backend.cleanup();
  });

  it('the first attempt of an update of a cached object reads nothing from storage', async () => {
    const created = await store().create('default', lease('l1', 'a'), opts);
    await untilCached(created.object);
    obs.gets.length = 0;
    const updated = await store().update(
      'default',
      'l1',
      { ...created.object, spec: { holderIdentity: 'b' } },
      opts,
    );
    expect(updated.object.spec).toEqual({ holderIdentity: 'b' });
    expect(obs.gets).toEqual([]);
    await untilCached(updated.object);
    const patched = await store().patch(
      'default',
      'l1',
      'merge',
      { spec: { holderIdentity: 'c' } },
      { ...opts, force: false },
    );
    expect(patched.object.spec).toEqual({ holderIdentity: 'c' });
    expect(obs.gets).toEqual([]);
    await untilCached(patched.object);
    // a no-op is confirmed by one read of the revision storage holds, and writes nothing
    const same = await store().update('default', 'l1', patched.object, opts);
    expect(same.object.metadata.resourceVersion).toBe(patched.object.metadata.resourceVersion);
    expect(obs.gets).toEqual(['/registry/coordination.k8s.io/leases/default/l1']);
  });

  it('a lagging cache does not decide: a resourceVersion newer than the cached copy is honoured', async () => {
    const created = await store().create('default', lease('l2', 'a'), opts);
    await untilCached(created.object);
    obs.hold();
    try {
      const second = await store().update(
        'default',
        'l2',
        { ...created.object, spec: { holderIdentity: 'b' } },
        opts,
      );
      expect(cachedRv('l2')).toBe(created.object.metadata.resourceVersion);
      // pinned to the revision storage holds, which the held cache has not seen: no 409
      const third = await store().update(
        'default',
        'l2',
        { ...second.object, spec: { holderIdentity: 'c' } },
        opts,
      );
      expect(third.object.spec).toEqual({ holderIdentity: 'c' });
      // pinned to the revision the cache still holds, now stale in storage: 409 from storage
      await expect(
        store().update('default', 'l2', { ...created.object, spec: { holderIdentity: 'd' } }, opts),
      ).rejects.toMatchObject({ code: 409 });
      // a patch built on the stale copy loses its race and is built again on storage's object
      const patched = await store().patch(
        'default',
        'l2',
        'merge',
        { metadata: { labels: { x: 'y' } } },
        { ...opts, force: false },
      );
      expect(patched.object.spec).toEqual({ holderIdentity: 'c' });
      expect(patched.object.metadata.labels).toEqual({ x: 'y' });
      // the same object as storage holds is a no-op there, though it differs from the cached copy
      const same = await store().update('default', 'l2', patched.object, opts);
      expect(same.object.metadata.resourceVersion).toBe(patched.object.metadata.resourceVersion);
      // the cached copy's content, unpinned: no change to the copy, but a change to storage's object
      const { resourceVersion: _rv, ...meta } = created.object.metadata;
      const back = await store().update('default', 'l2', { ...created.object, metadata: meta }, opts);
      expect(back.object.spec).toEqual({ holderIdentity: 'a' });
      expect(Number(back.object.metadata.resourceVersion)).toBeGreaterThan(
        Number(patched.object.metadata.resourceVersion),
      );
    } finally {
      obs.release();
    }
    const final = await raw.get('/registry/coordination.k8s.io/leases/default/l2');
    expect(JSON.parse(final?.value ?? '{}')).toMatchObject({ spec: { holderIdentity: 'a' } });
  });
  it("answers every write with its object's JSON text as the stored text gives it", async () => {
    const tricky = {
      ...lease('l3', 'a'),
      metadata: {
        name: 'l3',
        namespace: 'default',
        // a member named resourceVersion inside a value is not metadata's own
        annotations: { note: '{"resourceVersion":"1"} \u2028 ünïcödé', resourceVersion: 'x' },
      },
    };
    const asJson = (r: { object: KubeObject; json?: string }): void => {
      expect(r.json).toBe(JSON.stringify(r.object));
    };
    const created = await store().create('default', tricky, opts);
    asJson(created);
    await untilCached(created.object);
    const updated = await store().update(
      'default',
      'l3',
      { ...created.object, spec: { holderIdentity: 'b' } },
      opts,
    );
    asJson(updated);
    await untilCached(updated.object);
    const patched = await store().patch(
      'default',
      'l3',
      'merge',
      { spec: { holderIdentity: 'c' } },
      { ...opts, force: false },
    );
    asJson(patched);
    await untilCached(patched.object);
    asJson(await store().update('default', 'l3', patched.object, opts)); // a no-op, answered from the cache
  });
});
