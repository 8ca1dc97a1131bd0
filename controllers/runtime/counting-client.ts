/**
 * An ApiClient that counts the requests it passes on, by verb and resource ("list agents.orgplane.io"),
 * so tests and operators can see what the controllers cost the API server. A watch counts once,
 * when it is opened.
 */
import type { KubeObject, WatchEvent } from '../../api/meta.js';
import type {
  ApiClient,
  DeleteOptions,
  ListOptions,
  ListResult,
  WatchHandle,
  WatchOptions,
  WriteOptions,
} from './client.js';
import { groupResource, type ResourceType } from './resources.js';

export type Verb = 'get' | 'list' | 'create' | 'update' | 'patch' | 'delete' | 'watch';

export class CountingClient implements ApiClient {
  private readonly counts = new Map<string, number>();

  constructor(private readonly inner: ApiClient) {}

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

  get<T extends KubeObject>(res: ResourceType, name: string, namespace?: string): Promise<T | undefined> {
    this.note('get', res);
    return this.inner.get<T>(res, name, namespace);
  }

  list<T extends KubeObject>(res: ResourceType, opts?: ListOptions): Promise<ListResult<T>> {
    this.note('list', res);
    return this.inner.list<T>(res, opts);
  }

  create<T extends KubeObject>(res: ResourceType, obj: T): Promise<T> {
    this.note('create', res);
    return this.inner.create(res, obj);
  }

  update<T extends KubeObject>(res: ResourceType, obj: T, opts?: WriteOptions): Promise<T> {
    this.note('update', res);
    return this.inner.update(res, obj, opts);
  }

  mergePatch<T extends KubeObject>(
    res: ResourceType,
    name: string,
    namespace: string | undefined,
    patch: Record<string, unknown>,
    opts?: WriteOptions,
  ): Promise<T> {
    this.note('patch', res);
    return this.inner.mergePatch<T>(res, name, namespace, patch, opts);
  }

  delete(res: ResourceType, name: string, namespace?: string, opts?: DeleteOptions): Promise<void> {
    this.note('delete', res);
    return this.inner.delete(res, name, namespace, opts);
  }

  watch(
    res: ResourceType,
    opts: WatchOptions,
    onEvent: (event: WatchEvent<KubeObject>) => void,
    onDone: (err?: unknown) => void,
  ): Promise<WatchHandle> {
    this.note('watch', res);
    return this.inner.watch(res, opts, onEvent, onDone);
  }
}
