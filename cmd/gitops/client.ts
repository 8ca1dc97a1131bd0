/**
 * The server side of `orgplane apply|diff`: a thin layer over @kubernetes/client-node's
 * KubernetesObjectApi (discovery-resolved paths) for server-side apply (field manager `orgplane`),
 * reads that answer undefined for 404, set listing and deletes. Failures become one-line errors
 * carrying the server's Status message.
 */
import {
  ApiException,
  createConfiguration,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  ServerConfiguration,
  type SecurityAuthentication,
} from '@kubernetes/client-node';
import { KeepAliveAgent } from '../../controllers/runtime/keep-alive.js';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Obj } from './objects.js';

export const FIELD_MANAGER = 'orgplane';

/** A server-side failure: HTTP code and the server's message. */
export class ServerError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export function messageOf(err: unknown): ServerError | Error {
  if (err instanceof ApiException) {
    const code = (err as ApiException<unknown>).code;
    const body: unknown = (err as ApiException<unknown>).body;
    let msg: string | undefined;
    try {
      const parsed: unknown = typeof body === 'string' ? JSON.parse(body) : body;
      if (typeof parsed === 'object' && parsed !== null && 'message' in parsed) msg = String(parsed.message);
    } catch {
      msg = typeof body === 'string' && body !== '' ? body : undefined;
    }
    return new ServerError(code, msg ?? `the server answered HTTP ${String(code)}`);
  }
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    const detail = cause instanceof Error ? `: ${cause.message}` : '';
    return new Error(`${err.message}${detail}`);
  }
  return new Error(String(err));
}

/** Loads the kubeconfig: --kubeconfig, else $KUBECONFIG, else ~/.kube/config. */
export function loadKubeConfig(path: string | undefined): KubeConfig {
  const kc = new KubeConfig();
  const file =
    path ?? process.env.KUBECONFIG?.split(':').find((p) => p !== '') ?? join(homedir(), '.kube', 'config');
  try {
    kc.loadFromFile(file);
  } catch (err) {
    throw new Error(`cannot load kubeconfig ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!kc.getCurrentCluster()) throw new Error(`kubeconfig ${file} has no current cluster`);
  return kc;
}

export interface ApplyOptions {
  readonly dryRun: boolean;
  readonly force: boolean;
}

/** KubernetesObjectApi defaulting namespaces from the kubeconfig's context, as makeApiClient does. */
class ObjectApi extends KubernetesObjectApi {
  constructor(config: ConstructorParameters<typeof KubernetesObjectApi>[0], kc: KubeConfig) {
    super(config);
    this.setDefaultNamespace(kc);
  }
}

/** The operations apply and diff need. */
export class GitopsClient {
  private readonly api: KubernetesObjectApi;

  private readonly keepAlive = new KeepAliveAgent();

  /** Requests share one keep-alive connection pool (client-node would open one per request). */
  constructor(kc: KubeConfig) {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new Error('the kubeconfig has no current cluster');
    const auth: SecurityAuthentication = {
      getName: () => 'kubeconfig',
      applySecurityAuthentication: async (ctx) => {
        await kc.applySecurityAuthentication(ctx);
        this.keepAlive.reuse(ctx);
      },
    };
    this.api = new ObjectApi(
      createConfiguration({
        baseServer: new ServerConfiguration(cluster.server, {}),
        authMethods: { default: auth },
      }),
      kc,
    );
  }

  /** Closes idle connections (call when done). */
  close(): void {
    this.keepAlive.close();
  }

  /** Server-side apply (optionally dry-run); answers the resulting object. */
  async apply(o: Obj, opts: ApplyOptions): Promise<Obj> {
    try {
      const out = await this.api.patch(
        o,
        undefined,
        opts.dryRun ? 'All' : undefined,
        FIELD_MANAGER,
        opts.force,
        PatchStrategy.ServerSideApply,
      );
      return out;
    } catch (err) {
      throw messageOf(err);
    }
  }

  /** The live object, or undefined when it does not exist. */
  async read(o: Obj): Promise<Obj | undefined> {
    try {
      const meta = (o.metadata ?? {}) as { name?: string; namespace?: string };
      const header = {
        apiVersion: String(o.apiVersion),
        kind: String(o.kind),
        metadata: { name: meta.name ?? '', ...(meta.namespace ? { namespace: meta.namespace } : {}) },
      };
      return (await this.api.read(header)) as unknown as Obj;
    } catch (err) {
      const e = messageOf(err);
      if (e instanceof ServerError && e.code === 404) return undefined;
      throw e;
    }
  }

  /** Objects of one kind matching a label selector, in one namespace or (by default) all. */
  async list(apiVersion: string, kind: string, labelSelector: string, namespace?: string): Promise<Obj[]> {
    try {
      const res = await this.api.list(
        apiVersion,
        kind,
        namespace,
        undefined,
        undefined,
        undefined,
        undefined,
        labelSelector,
      );
      return res.items.map((i) => ({ apiVersion, kind, ...(i as Obj) }));
    } catch (err) {
      throw messageOf(err);
    }
  }

  async delete(o: Obj): Promise<void> {
    try {
      await this.api.delete(o, undefined, undefined, undefined, undefined, 'Background');
    } catch (err) {
      const e = messageOf(err);
      if (e instanceof ServerError && e.code === 404) return;
      throw e;
    }
  }
}
