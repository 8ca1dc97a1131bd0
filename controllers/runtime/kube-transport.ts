/**
 * A Transport over the network on @kubernetes/client-node: KubeConfig authenticates every request
 * (token, client certificate, exec plugin...), client-node's fetch library sends it over one
 * keep-alive connection, its Watch class streams watches.
 */
import {
  HttpMethod,
  IsomorphicFetchHttpLibrary,
  RequestContext,
  Watch,
  type HttpLibrary,
  type KubeConfig,
} from '@kubernetes/client-node';
import { KeepAliveAgent } from './keep-alive.js';
import type { Answer, Method, OutgoingRequest, Transport, WatchLibrary } from './transport.js';

const METHODS: Record<Method, HttpMethod> = {
  GET: HttpMethod.GET,
  POST: HttpMethod.POST,
  PUT: HttpMethod.PUT,
  PATCH: HttpMethod.PATCH,
  DELETE: HttpMethod.DELETE,
};

/**
 * @param http sends the requests (default client-node's fetch)
 * @param watches streams the watches (default client-node's Watch with kc)
 */
export function kubeTransport(
  kc: KubeConfig,
  http: HttpLibrary = new IsomorphicFetchHttpLibrary(),
  watches?: WatchLibrary,
): Transport {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  const server = cluster.server.replace(/\/+$/, '');
  const keepAlive = new KeepAliveAgent();
  return {
    async send(req: OutgoingRequest): Promise<Answer> {
      const ctx = new RequestContext(server + req.path, METHODS[req.method]);
      for (const [name, value] of Object.entries(req.headers)) ctx.setHeaderParam(name, value);
      if (req.body !== undefined) ctx.setBody(req.body);
      await kc.applySecurityAuthentication(ctx);
      keepAlive.reuse(ctx);
      ctx.setSignal(AbortSignal.timeout(req.timeoutMs));
      const resp = await http.send(ctx).toPromise();
      return { status: resp.httpStatusCode, text: await resp.body.text() };
    },
    watches: watches ?? new Watch(kc),
    close: () => {
      keepAlive.close();
    },
  };
}
