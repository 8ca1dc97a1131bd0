/**
 * A registry for the lifecycle loops whose storage refuses every write that does not come from
 * one of the store's write verbs: the loops get a SystemClient whose stores mark their create,
 * update, patch and delete calls (an AsyncLocalStorage context); the storage under the registry
 * counts the marked writes and records, then refuses, any other.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ResourceInfo } from '../../api/resource.js';
import type { SystemClient } from '../../apiserver/registry/system.js';
import type { Registry } from '../../apiserver/registry/registry.js';
import type { Store } from '../../apiserver/registry/store.js';
import type { Storage } from '../../apiserver/storage/interface.js';

const WRITES = new Set(['create', 'delete', 'txn']);
const VERBS = new Set(['create', 'update', 'patch', 'delete']);

export interface WriteGuard {
  /** writes made inside a store verb */
  readonly throughRegistry: string[];
  /** writes made outside any store verb (refused with an error) */
  readonly direct: string[];
  guardStorage(storage: Storage): Storage;
  guardRegistry(registry: Registry): SystemClient;
}

export function writeGuard(): WriteGuard {
  const inVerb = new AsyncLocalStorage<string>();
  const throughRegistry: string[] = [];
  const direct: string[] = [];
  const describe = (method: string, args: unknown[]): string =>
    `${method} ${JSON.stringify(args[0]).slice(0, 200)}`;
  return {
    throughRegistry,
    direct,
    guardStorage: (storage) =>
      new Proxy(storage, {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver) as unknown;
          if (typeof prop !== 'string' || typeof value !== 'function') return value;
          const fn = value as (...a: unknown[]) => unknown;
          if (!WRITES.has(prop)) return fn.bind(target);
          return (...args: unknown[]) => {
            const verb = inVerb.getStore();
            if (verb === undefined) {
              direct.push(describe(prop, args));
              return Promise.reject(new Error(`direct storage ${prop} outside the registry`));
            }
            throughRegistry.push(`${verb}: ${describe(prop, args)}`);
            return fn.apply(target, args);
          };
        },
      }),
    guardRegistry: (registry) => ({
      catalog: registry.catalog,
      internal: registry.internal,
      strategy: (res) => registry.strategy(res),
      store: (res: ResourceInfo): Store =>
        new Proxy(registry.store(res), {
          get(target, prop, receiver) {
            const value = Reflect.get(target, prop, receiver) as unknown;
            if (typeof prop !== 'string' || typeof value !== 'function') return value;
            const fn = value as (...a: unknown[]) => unknown;
            if (!VERBS.has(prop)) return fn.bind(target);
            return (...args: unknown[]) => inVerb.run(`${res.plural}.${prop}`, () => fn.apply(target, args));
          },
        }),
    }),
  };
}
