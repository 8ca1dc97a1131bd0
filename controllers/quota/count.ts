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
 * watches), it lists that record's objects from the server once. An organization's objects are
 * those of every namespace of its tree (its own and its teams'); a team's those of its subtree. The
 * same holds for a Team (admission bumps every team of a create's branch), whose subtree changes
 * when a team is moved without any write to the teams it leaves and joins: the listing is what
 * brings their usage up to date then.
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

/** A quota record (an Organization or a Team) and the namespaces its usage counts. */
export interface QuotaRecord {
  /** the record's resource, whose cache must hold every change the counted caches hold */
  readonly resource: ResourceType;
  /** unique among the records one CountSource reads */
  readonly id: string;
  readonly resourceVersion: string | undefined;
  readonly quota: Readonly<Record<string, number>>;
  readonly usage: Readonly<Record<string, number>>;
  readonly namespaces: readonly string[];
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
  read(org: Organization): Promise<Objects | undefined> {
    const name = org.metadata.name ?? '';
    return this.readRecord({
      resource: ORGANIZATIONS,
      id: name,
      resourceVersion: org.metadata.resourceVersion,
      quota: org.spec?.quota ?? {},
      usage: org.status?.usage ?? {},
      namespaces: organizationNamespaces(this.deps.listers(NAMESPACES), name),
    });
  }

  /** The counted objects of a quota record's namespaces, fresh enough to write their count. */
  async readRecord(record: QuotaRecord): Promise<Objects | undefined> {
    const { id, resourceVersion: rv, quota, namespaces } = record;
    const keys = countedKeys(quota);
    const cached = new Map(
      keys.map(([, res]) => [res, namespaces.flatMap((ns) => this.deps.listers(res).list(ns))]),
    );
    const counted = countOf(cached, quota);
    const agrees = keys.every(([key]) => record.usage[key] === counted[key]);
    if (agrees || this.inStep(record.resource, keys, rv)) {
      this.behind.delete(id);
      return cached;
    }
    const now = this.deps.clock.now();
    const seen = this.behind.get(id);
    if (seen === undefined || seen.rv !== rv) {
      this.behind.set(id, { rv: rv ?? '', since: now });
      return undefined;
    }
    if (now - seen.since < this.graceMs) return undefined;
    this.behind.delete(id);
    const listed = new Map<ResourceType, readonly KubeObject[]>();
    for (const [, res] of keys) {
      const items: KubeObject[] = [];
      for (const ns of namespaces) items.push(...(await this.deps.client.list(res, { namespace: ns })).items);
      listed.set(res, items);
    }
    return listed;
  }

  /** The counted caches hold every change up to the record's version, and its cache every change they hold. */
  private inStep(
    resource: ResourceType,
    keys: readonly [string, ResourceType][],
    recordRV: string | undefined,
  ): boolean {
    const records = this.deps.listers(resource).resourceVersion();
    return keys.every(([, res]) => {
      const counted = this.deps.listers(res).resourceVersion();
      return caughtUp(counted, recordRV) && caughtUp(records, counted);
    });
  }

  /** Forget a record (deleted). */
  forget(id: string): void {
    this.behind.delete(id);
  }
}
