/**
 * What the quota controller counts, read from the shared informer caches. A count may replace the
 * usage of record only when it is at least as fresh as the Organization it is written to (the
 * write is guarded by that Organization's resourceVersion): admission bumps the Organization in
 * the same transaction as each create and removal it counts, so a cache that has caught up with
 * the Organization's resourceVersion holds every object admission counted, and any admission after
 * it makes the guarded write conflict. When a cache is behind and its count disagrees with the
 * usage of record, the controller waits for the cache; if the cache is still behind after a grace
 * period (nothing more to see on its watch), it lists that organization's objects from the server once.
 */
import type { KubeObject } from '../../api/meta.js';
import type { ApiClient } from '../runtime/client.js';
import type { Clock } from '../runtime/clock.js';
import { caughtUp, type Listers } from '../runtime/lister.js';
import type { ResourceType } from '../runtime/resources.js';
import type { Organization } from '../types.js';
import { COUNTED } from './usage.js';

export type Objects = ReadonlyMap<ResourceType, readonly KubeObject[]>;

/** Resources counted for a quota, by quota key: agents always, the others while quoted. */
export function countedKeys(quota: Readonly<Record<string, number>>): [string, ResourceType][] {
  return [...COUNTED].filter(([key]) => key === 'agents' || quota[key] !== undefined);
}

/** Usage of the counted keys: every stored object counts, terminating ones too, until removed. */
export function countOf(objects: Objects, quota: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(countedKeys(quota).map(([key, res]) => [key, objects.get(res)?.length ?? 0]));
}

export interface CountSourceDeps {
  readonly client: ApiClient;
  readonly listers: Listers;
  readonly clock: Clock;
  /** how long a behind cache is waited for before the server is asked (default 1 s) */
  readonly graceMs?: number;
}

export class CountSource {
  readonly graceMs: number;
  /** organizations whose caches were behind, with the Organization version and since when */
  private readonly behind = new Map<string, { readonly rv: string; readonly since: number }>();

  constructor(private readonly deps: CountSourceDeps) {
    this.graceMs = deps.graceMs ?? 1000;
  }

  /** The counted objects of org, fresh enough to write their count; undefined: retry after graceMs. */
  async read(org: Organization): Promise<Objects | undefined> {
    const name = org.metadata.name ?? '';
    const rv = org.metadata.resourceVersion;
    const quota = org.spec?.quota ?? {};
    const keys = countedKeys(quota);
    const cached = new Map(keys.map(([, res]) => [res, this.deps.listers(res).list(name)]));
    const recorded = org.status?.usage ?? {};
    const counted = countOf(cached, quota);
    const agrees = keys.every(([key]) => recorded[key] === counted[key]);
    if (agrees || keys.every(([, res]) => caughtUp(this.deps.listers(res).resourceVersion(), rv))) {
      this.behind.delete(name);
      return cached;
    }
    const now = this.deps.clock.now();
    const seen = this.behind.get(name);
    if (seen === undefined || seen.rv !== rv) {
      this.behind.set(name, { rv: rv ?? '', since: now });
      return undefined;
    }
    if (now - seen.since < this.graceMs) return undefined;
    this.behind.delete(name);
    const listed = new Map<ResourceType, readonly KubeObject[]>();
    for (const [, res] of keys)
      listed.set(res, (await this.deps.client.list(res, { namespace: name })).items);
    return listed;
  }

  /** Forget an organization (deleted). */
  forget(name: string): void {
    this.behind.delete(name);
  }
}
