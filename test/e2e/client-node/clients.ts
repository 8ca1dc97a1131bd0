/**
 * client-node clients for the e2e tests: a KubernetesObjectApi that can also send JSON patches,
 * and a Watch whose reconnects the test can hold back (to let history be compacted meanwhile).
 */
import {
  ApiException,
  createConfiguration,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  ServerConfiguration,
  V1ObjectMeta,
  Watch,
  type KubernetesObject,
  type Middleware,
} from '@kubernetes/client-node';

export const GV = 'orgplane.io/v1alpha1';

export interface Agent extends KubernetesObject {
  spec: { model: string; description?: string; tools?: string[] };
  status?: { phase?: string };
}

export interface Organization extends KubernetesObject {
  spec: { displayName?: string; plan?: string; quota?: Record<string, number> };
}

/** Object metadata for requests (client-node types metadata as the class V1ObjectMeta). */
export function meta(name: string, namespace?: string, labels?: Record<string, string>): V1ObjectMeta {
  return Object.assign(new V1ObjectMeta(), {
    name,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(labels ? { labels } : {}),
  });
}

export function agent(name: string, namespace: string, model = 'gpt-4o-mini'): Agent {
  return { apiVersion: GV, kind: 'Agent', metadata: meta(name, namespace), spec: { model } };
}

/** What read() takes: kind and name only. */
export function ref(
  kind: string,
  name: string,
  namespace?: string,
): { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } } {
  const apiVersion = kind === 'Namespace' ? 'v1' : GV;
  return { apiVersion, kind, metadata: { name, ...(namespace !== undefined ? { namespace } : {}) } };
}

export async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The ApiException a client-node call rejected with; throws when it resolved or failed otherwise. */
export async function rejection(p: Promise<unknown>): Promise<ApiException<string>> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ApiException)) throw new Error(`expected an ApiException, got ${String(err)}`);
  return err as ApiException<string>;
}

/** A JSON patch for KubernetesObjectApi.patch: the object names the target, `ops` is sent. */
export type JsonPatchSpec = KubernetesObject & { ops: readonly unknown[] };

/**
 * KubernetesObjectApi.patch always sends its `spec` argument as the body; for
 * PatchStrategy.JsonPatch this middleware sends `spec.ops` (the RFC 6902 operations) instead.
 */
const jsonPatchBody: Middleware = {
  pre: (ctx) => {
    const body = ctx.getBody();
    if (ctx.getHeaders()['Content-Type'] === PatchStrategy.JsonPatch && typeof body === 'string') {
      const { ops } = JSON.parse(body) as { ops?: unknown };
      ctx.setBody(JSON.stringify(ops ?? []));
    }
    return Promise.resolve(ctx);
  },
  post: (rsp) => Promise.resolve(rsp),
};

export function objectApi(kc: KubeConfig): KubernetesObjectApi {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('kubeconfig has no current cluster');
  return new KubernetesObjectApi(
    createConfiguration({
      baseServer: new ServerConfiguration(cluster.server, {}),
      authMethods: { default: kc },
      promiseMiddleware: [jsonPatchBody],
    }),
  );
}

type WatchArgs = Parameters<Watch['watch']>;

/**
 * A Watch that asks the server to end each watch after `timeoutSeconds` (as kube ends watches
 * after its request timeout), so an informer reconnects from its last resourceVersion; hold()
 * keeps the next reconnect waiting until open(). Counts the 410s the informer was given.
 */
export class GatedWatch extends Watch {
  calls = 0;
  expired = 0;
  private gate: Promise<void> = Promise.resolve();
  private release: () => void = () => undefined;

  constructor(
    config: KubeConfig,
    private readonly timeoutSeconds: number,
  ) {
    super(config);
  }

  hold(): void {
    this.gate = new Promise((resolve) => {
      this.release = resolve;
    });
  }

  open(): void {
    this.release();
  }

  override async watch(...[path, query, callback, done]: WatchArgs): Promise<AbortController> {
    this.calls++;
    await this.gate;
    return super.watch(
      path,
      { ...query, timeoutSeconds: this.timeoutSeconds },
      (phase, obj: { code?: number }, raw) => {
        if (phase === 'ERROR' && obj.code === 410) this.expired++;
        callback(phase, obj, raw);
      },
      (err: { statusCode?: number } | null) => {
        if (err?.statusCode === 410) this.expired++;
        done(err);
      },
    );
  }
}
