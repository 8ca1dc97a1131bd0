/**
 * A Lister over a FakeClient's objects, for reconcile tests: a cache that is always caught up
 * (unless `lag` says otherwise), reading the fake API's objects without recording actions.
 */
import type { KubeObject } from '../../api/meta.js';
import type { Lister } from '../runtime/lister.js';
import type { ResourceType } from '../runtime/resources.js';
import type { FakeClient } from './fake-client.js';

export interface FakeLister<T extends KubeObject> extends Lister<T> {
  /** while set, resourceVersion() answers this instead of the fake API's current version */
  lag: string | undefined;
}

export function fakeLister<T extends KubeObject>(api: FakeClient, res: ResourceType): FakeLister<T> {
  return {
    lag: undefined,
    get: (name, namespace) => api.peek<T>(res, name, namespace),
    list: (namespace) =>
      api.peekAll(res).filter((o) => namespace === undefined || o.metadata.namespace === namespace) as T[],
    resourceVersion(): string {
      return this.lag ?? api.currentResourceVersion();
    },
  };
}

/** Listers of every resource over one FakeClient, created on first use (as Manager.informer). */
export function fakeListers(api: FakeClient): <T extends KubeObject>(res: ResourceType) => FakeLister<T> {
  const made = new Map<string, FakeLister<KubeObject>>();
  return <T extends KubeObject>(res: ResourceType): FakeLister<T> => {
    const key = `${res.group}/${res.plural}`;
    let l = made.get(key);
    if (!l) made.set(key, (l = fakeLister<KubeObject>(api, res)));
    return l as unknown as FakeLister<T>;
  };
}
