/**
 * What the quota controller counts, read from the shared informer caches. A count may replace the
 * usage of record only when it is at least as fresh as the Organization it is written to (the
 * write is guarded by that Organization's resourceVersion): admission bumps the Organization in
 * the same transaction as each create and removal it counts, so a cache that has caught up with
 * the Organization's resourceVersion holds every object admission counted, and any admission after
 * it makes the guarded write conflict. The Organization cache must in turn have caught up with the
 * counted caches, or the write would surely conflict (an admission bump it has not seen yet).
 * When the caches are not so in step and the count disagrees with the usage of record, the
 * controller waits for them; still out of step after a grace period (nothing more to see on their
 * watches), it lists that organization's objects from the server once. An organization's objects
 * are those of every namespace of its tree (its own and its teams').
 */
import type { KubeObject } from '../../api/meta.js';
import type { ApiClient } from '../runtime/client.js';
import type { Clock } from '../runtime/clock.js';
import { caughtUp, type Listers } from '../runtime/lister.js';
import { NAMESPACES, ORGANIZATIONS, type ResourceType } from '../runtime/resources.js';
import { organizationNamespaces } from '../orgstructure/members.js';
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
    const tree = organizationNamespaces(this.deps.listers(NAMESPACES), name);
    const cached = new Map(
      keys.map(([, res]) => [res, tree.flatMap((ns) => this.deps.listers(res).list(ns))]),
    );
    const recorded = org.status?.usage ?? {};
    const counted = countOf(cached, quota);
    const agrees = keys.every(([key]) => recorded[key] === counted[key]);
    if (agrees || this.inStep(keys, rv)) {
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
    for (const [, res] of keys) {
      const items: KubeObject[] = [];
      for (const ns of tree) items.push(...(await this.deps.client.list(res, { namespace: ns })).items);
      listed.set(res, items);
    }
    return listed;
  }

  /** The counted caches hold every change up to orgRV, and the Organization cache every change they hold. */
  private inStep(keys: readonly [string, ResourceType][], orgRV: string | undefined): boolean {
    const orgs = this.deps.listers(ORGANIZATIONS).resourceVersion();
    return keys.every(([, res]) => {
      const counted = this.deps.listers(res).resourceVersion();
      return caughtUp(counted, orgRV) && caughtUp(orgs, counted);
    });
  }

  /** Forget an organization (deleted). */
  forget(name: string): void {
    this.behind.delete(name);
  }
}
