/**
 * Counts the requests an ApiClient passes on, by verb and resource ("list agents.orgplane.io"),
 * so tests and operators can see what the controllers cost the API server. A watch counts once,
 * when it is opened.
 */
import type { ApiClient } from './client.js';
import { groupResource, type ResourceType } from './resources.js';

export type Verb = 'get' | 'list' | 'create' | 'update' | 'patch' | 'delete' | 'watch';

/** Each ApiClient method and the verb it counts as; every method takes the resource first. */
const VERBS: Readonly<Record<keyof ApiClient, Verb>> = {
  get: 'get',
  list: 'list',
  create: 'create',
  update: 'update',
  mergePatch: 'patch',
  delete: 'delete',
  watch: 'watch',
};

export class CountingClient {
  private readonly counts = new Map<string, number>();
  /** the client to hand out: `inner` with every request counted */
  readonly client: ApiClient;

  constructor(inner: ApiClient) {
    this.client = this.counted(inner);
  }

  /** `inner` with every request counted here too (a second client of the same process). */
  counted(inner: ApiClient): ApiClient {
    const counted: Partial<Record<keyof ApiClient, unknown>> = {};
    for (const [method, verb] of Object.entries(VERBS) as [keyof ApiClient, Verb][]) {
      const call = inner[method].bind(inner) as (res: ResourceType, ...rest: unknown[]) => unknown;
      counted[method] = (res: ResourceType, ...rest: unknown[]): unknown => {
        this.note(verb, res);
        return call(res, ...rest);
      };
    }
    return counted as ApiClient;
  }

  /** Requests so far by "verb resource" (e.g. "patch agents.orgplane.io"), plus "total". */
  snapshot(): Record<string, number> {
    const out: Record<string, number> = { total: 0 };
    for (const [k, n] of [...this.counts].sort(([a], [b]) => a.localeCompare(b))) {
      out[k] = n;
      out['total'] = (out['total'] ?? 0) + n;
    }
    return out;
  }

  /** Requests of one verb (and resource, when given) so far. */
  count(verb: Verb, res?: ResourceType): number {
    if (res) return this.counts.get(`${verb} ${groupResource(res)}`) ?? 0;
    let n = 0;
    for (const [k, v] of this.counts) if (k.startsWith(`${verb} `)) n += v;
    return n;
  }

  private note(verb: Verb, res: ResourceType): void {
    const k = `${verb} ${groupResource(res)}`;
    this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
  }
}
