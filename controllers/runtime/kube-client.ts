/**
 * ApiClient on @kubernetes/client-node: KubeConfig authenticates every request (token, client
 * certificate, exec plugin...), client-node's fetch library sends it, its Watch class streams
 * watches. Generic over ResourceType, so custom kinds, core kinds and subresources take one path.
 */
import {
  HttpMethod,
  IsomorphicFetchHttpLibrary,
  RequestContext,
  Watch,
  type HttpLibrary,
  type KubeConfig,
} from '@kubernetes/client-node';
import type { KubeObject, KubeList, WatchEvent, WatchEventType } from '../../api/meta.js';
import type {
  ApiClient,
  DeleteOptions,
  ListOptions,
  ListResult,
  WatchHandle,
  WatchOptions,
  WriteOptions,
} from './client.js';
import { microTime } from './clock.js';
import { ApiStatusError } from './errors.js';
import { KeepAliveAgent } from './keep-alive.js';
import { apiVersion, resourcePath, type ResourceType } from './resources.js';

type Query = Record<string, string | number | boolean | undefined>;

interface Request {
  readonly method: HttpMethod;
  readonly path: string;
  readonly query?: Query;
  readonly body?: unknown;
  readonly contentType?: string;
}

const REQUEST_TIMEOUT_MS = 30_000;

/** What KubeClient streams watches with: client-node's Watch, or in-process-watch.ts. */
export interface WatchLibrary {
  watch(
    path: string,
    queryParams: Record<string, unknown>,
    callback: (phase: string, apiObj: unknown, watchObj?: unknown) => void,
    done: (err: unknown) => void,
  ): Promise<AbortController>;
}
const PAGE_SIZE = 500;

/** Items of a list carry no apiVersion/kind for built-in kinds; put them back. */
function withTypeMeta<T extends KubeObject>(res: ResourceType, obj: T): T {
  if (obj.apiVersion && obj.kind) return obj;
  return { ...obj, apiVersion: apiVersion(res), kind: res.kind };
}

export class KubeClient implements ApiClient {
  private readonly server: string;
  private readonly watcher: WatchLibrary;
  private readonly keepAlive = new KeepAliveAgent();

  /**
   * @param fieldManager the managedFields manager of every write (default "orgplane-controllers")
   * @param userAgent the User-Agent of every request, which audit logs record (default fieldManager)
   * @param writeDeadline epoch ms sent with every write as Orgplane-Write-Deadline (fencing: the
   *   server refuses the write after it; see fence.ts), computed when the request is built
   * @param http sends every request but watches (default: client-node's fetch over the network;
   *   in-process-http.ts for a server in this process)
   * @param watches streams watches (default: client-node's Watch over the network;
   *   in-process-watch.ts for a server in this process)
   */
  constructor(
    private readonly kc: KubeConfig,
    private readonly fieldManager = 'orgplane-controllers',
    private readonly userAgent = fieldManager,
    private readonly writeDeadline?: () => number | undefined,
    private readonly http: HttpLibrary = new IsomorphicFetchHttpLibrary(),
    watches?: WatchLibrary,
  ) {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new Error('the kubeconfig has no current cluster');
    this.server = cluster.server.replace(/\/+$/, '');
    this.watcher = watches ?? new Watch(kc);
  }

  private async request(req: Request): Promise<unknown> {
    const url = new URL(this.server + req.path);
    for (const [k, v] of Object.entries(req.query ?? {}))
      if (v !== undefined) url.searchParams.set(k, String(v));
    const ctx = new RequestContext(url.toString(), req.method);
    ctx.setHeaderParam('Accept', 'application/json');
    ctx.setHeaderParam('User-Agent', this.userAgent);
    const deadline = req.method === HttpMethod.GET ? undefined : this.writeDeadline?.();
    if (deadline !== undefined) ctx.setHeaderParam('Orgplane-Write-Deadline', microTime(deadline));
    if (req.body !== undefined) {
      ctx.setHeaderParam('Content-Type', req.contentType ?? 'application/json');
      ctx.setBody(JSON.stringify(req.body));
    }
    await this.kc.applySecurityAuthentication(ctx);
    this.keepAlive.reuse(ctx);
    ctx.setSignal(AbortSignal.timeout(REQUEST_TIMEOUT_MS));
    const resp = await this.http.send(ctx).toPromise();
    const text = await resp.body.text();
    if (resp.httpStatusCode < 200 || resp.httpStatusCode > 299)
      throw ApiStatusError.fromResponse(resp.httpStatusCode, text);
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  }

  private writeQuery(): Query {
    return { fieldManager: this.fieldManager };
  }

  /** Closes idle keep-alive connections (call when done with the client). */
  close(): void {
    this.keepAlive.close();
  }

  async get<T extends KubeObject>(
    res: ResourceType,
    name: string,
    namespace?: string,
  ): Promise<T | undefined> {
    try {
      return (await this.request({
        method: HttpMethod.GET,
        path: resourcePath(res, { namespace, name }),
      })) as T;
    } catch (err) {
      if (err instanceof ApiStatusError && err.code === 404) return undefined;
      throw err;
    }
  }

  async list<T extends KubeObject>(res: ResourceType, opts: ListOptions = {}): Promise<ListResult<T>> {
    const items: T[] = [];
    let resourceVersion = '';
    let cont: string | undefined;
    do {
      const page = (await this.request({
        method: HttpMethod.GET,
        path: resourcePath(res, { namespace: opts.namespace }),
        query: {
          labelSelector: opts.labelSelector,
          fieldSelector: opts.fieldSelector,
          limit: PAGE_SIZE,
          continue: cont,
        },
      })) as KubeList<T>;
      const t = opts.transform;
      for (const item of page.items)
        items.push(t ? (t(withTypeMeta(res, item)) as T) : withTypeMeta(res, item));
      resourceVersion = page.metadata.resourceVersion ?? resourceVersion;
      cont = page.metadata.continue || undefined;
    } while (cont !== undefined);
    return { items, resourceVersion };
  }

  async create<T extends KubeObject>(res: ResourceType, obj: T): Promise<T> {
    const path = resourcePath(res, { namespace: obj.metadata.namespace });
    return (await this.request({ method: HttpMethod.POST, path, query: this.writeQuery(), body: obj })) as T;
  }

  async update<T extends KubeObject>(res: ResourceType, obj: T, opts: WriteOptions = {}): Promise<T> {
    const { namespace, name = '' } = obj.metadata;
    const path = resourcePath(res, {
      namespace,
      name,
      ...(opts.subresource ? { subresource: opts.subresource } : {}),
    });
    return (await this.request({ method: HttpMethod.PUT, path, query: this.writeQuery(), body: obj })) as T;
  }

  async mergePatch<T extends KubeObject>(
    res: ResourceType,
    name: string,
    namespace: string | undefined,
    patch: Record<string, unknown>,
    opts: WriteOptions = {},
  ): Promise<T> {
    const path = resourcePath(res, {
      namespace,
      name,
      ...(opts.subresource ? { subresource: opts.subresource } : {}),
    });
    return (await this.request({
      method: HttpMethod.PATCH,
      path,
      query: this.writeQuery(),
      body: patch,
      contentType: 'application/merge-patch+json',
    })) as T;
  }

  async delete(res: ResourceType, name: string, namespace?: string, opts: DeleteOptions = {}): Promise<void> {
    const body = { apiVersion: 'v1', kind: 'DeleteOptions', ...opts };
    await this.request({ method: HttpMethod.DELETE, path: resourcePath(res, { namespace, name }), body });
  }

  async watch(
    res: ResourceType,
    opts: WatchOptions,
    onEvent: (event: WatchEvent<KubeObject>) => void,
    onDone: (err?: unknown) => void,
  ): Promise<WatchHandle> {
    let stopped = false;
    const query: Query = {
      resourceVersion: opts.resourceVersion || undefined,
      allowWatchBookmarks: true,
      ...(opts.sendInitialEvents === true
        ? { sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan' }
        : {}),
      timeoutSeconds: opts.timeoutSeconds,
    };
    const controller = await this.watcher.watch(
      resourcePath(res, { namespace: opts.namespace }),
      query,
      (type: string, object: unknown) => {
        if (!stopped) onEvent({ type: type as WatchEventType, object: object as KubeObject });
      },
      (err: unknown) => {
        const code = (err as { statusCode?: unknown } | null)?.statusCode;
        if (stopped) onDone();
        else if (typeof code === 'number')
          onDone(new ApiStatusError(code, `watch ${res.plural}: HTTP ${code}`));
        else onDone(err ?? undefined);
        stopped = true;
      },
    );
    return {
      stop: () => {
        if (stopped) return;
        stopped = true;
        controller.abort();
      },
    };
  }
}
