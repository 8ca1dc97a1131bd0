/**
 * ApiClient over a Transport (transport.ts): the network with a kubeconfig's credentials
 * (kube-transport.ts), or the API server in this process (in-process-http.ts). Generic over
 * ResourceType, so custom kinds, core kinds and subresources take one path.
 */
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
import { apiVersion, resourcePath, type ResourceType } from './resources.js';
import { withQuery, type Method, type Transport } from './transport.js';

type Query = Record<string, string | number | boolean | undefined>;

interface Request {
  readonly method: Method;
  readonly path: string;
  readonly query?: Query;
  readonly body?: unknown;
  readonly contentType?: string;
}

const REQUEST_TIMEOUT_MS = 30_000;
const PAGE_SIZE = 500;

/** Items of a list carry no apiVersion/kind for built-in kinds; put them back. */
function withTypeMeta<T extends KubeObject>(res: ResourceType, obj: T): T {
  if (obj.apiVersion && obj.kind) return obj;
  return { ...obj, apiVersion: apiVersion(res), kind: res.kind };
}

export class KubeClient implements ApiClient {
  /**
   * @param fieldManager the managedFields manager of every write (default "orgplane-controllers")
   * @param userAgent the User-Agent of every request, which audit logs record (default fieldManager)
   * @param writeDeadline epoch ms sent with every write as Orgplane-Write-Deadline (fencing: the
   *   server refuses the write after it; see fence.ts), computed when the request is built
   */
  constructor(
    private readonly transport: Transport,
    private readonly fieldManager = 'orgplane-controllers',
    private readonly userAgent = fieldManager,
    private readonly writeDeadline?: () => number | undefined,
  ) {}

  private async request(req: Request): Promise<unknown> {
    const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': this.userAgent };
    const deadline = req.method === 'GET' ? undefined : this.writeDeadline?.();
    if (deadline !== undefined) headers['Orgplane-Write-Deadline'] = microTime(deadline);
    let body: string | undefined;
    if (req.body !== undefined) {
      headers['Content-Type'] = req.contentType ?? 'application/json';
      body = JSON.stringify(req.body);
    }
    const resp = await this.transport.send({
      method: req.method,
      path: withQuery(req.path, req.query ?? {}),
      headers,
      ...(body !== undefined ? { body } : {}),
      timeoutMs: REQUEST_TIMEOUT_MS,
    });
    if (resp.status < 200 || resp.status > 299) throw ApiStatusError.fromResponse(resp.status, resp.text);
    return resp.text === '' ? undefined : (JSON.parse(resp.text) as unknown);
  }

  private writeQuery(): Query {
    return { fieldManager: this.fieldManager };
  }

  /** Closes idle keep-alive connections (call when done with the client). */
  close(): void {
    this.transport.close();
  }

  async get<T extends KubeObject>(
    res: ResourceType,
    name: string,
    namespace?: string,
  ): Promise<T | undefined> {
    try {
      return (await this.request({
        method: 'GET',
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
        method: 'GET',
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
    return (await this.request({ method: 'POST', path, query: this.writeQuery(), body: obj })) as T;
  }

  async update<T extends KubeObject>(res: ResourceType, obj: T, opts: WriteOptions = {}): Promise<T> {
    const { namespace, name = '' } = obj.metadata;
    const path = resourcePath(res, {
      namespace,
      name,
      ...(opts.subresource ? { subresource: opts.subresource } : {}),
    });
    return (await this.request({ method: 'PUT', path, query: this.writeQuery(), body: obj })) as T;
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
      method: 'PATCH',
      path,
      query: this.writeQuery(),
      body: patch,
      contentType: 'application/merge-patch+json',
    })) as T;
  }

  async delete(res: ResourceType, name: string, namespace?: string, opts: DeleteOptions = {}): Promise<void> {
    const body = { apiVersion: 'v1', kind: 'DeleteOptions', ...opts };
    await this.request({ method: 'DELETE', path: resourcePath(res, { namespace, name }), body });
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
    const controller = await this.transport.watches.watch(
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
