/** The registry: one generic Store per served resource, sharing the same dependencies. */
import type { ResourceInfo } from '../../api/resource.js';
import { InternalStore } from './internal.js';
import { Store } from './store.js';
import type { KindStrategy, StoreDeps } from './types.js';

export class Registry {
  private readonly stores = new WeakMap<ResourceInfo, Store>();

  /** internal records and atomic multi-key writes for the server's own parts */
  readonly internal: InternalStore;

  constructor(
    readonly deps: StoreDeps,
    internal?: InternalStore,
  ) {
    this.internal = internal ?? new InternalStore(deps.storage);
  }

  get catalog(): StoreDeps['catalog'] {
    return this.deps.catalog;
  }

  /** What is special about a kind (apiserver/kinds). */
  strategy(res: ResourceInfo): KindStrategy {
    return this.deps.hooks(res);
  }

  store(res: ResourceInfo): Store {
    let s = this.stores.get(res);
    if (!s) {
      s = new Store(res, this.deps);
      this.stores.set(res, s);
    }
    return s;
  }
}
