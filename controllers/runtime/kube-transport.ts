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
  type KubeConfig,
} from '@kubernetes/client-node';
import { KeepAliveAgent } from './keep-alive.js';
import type { Answer, Method, OutgoingRequest, Transport } from './transport.js';

const METHODS: Record<Method, HttpMethod> = {
  GET: HttpMethod.GET,
  POST: HttpMethod.POST,
  PUT: HttpMethod.PUT,
  PATCH: HttpMethod.PATCH,
  DELETE: HttpMethod.DELETE,
};

/** Requests and watches to the current cluster of `kc`, with its credentials. */
export function kubeTransport(kc: KubeConfig): Transport {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  const server = cluster.server.replace(/\/+$/, '');
  const keepAlive = new KeepAliveAgent();
  const http = new IsomorphicFetchHttpLibrary();
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
    watches: new Watch(kc),
    close: () => {
      keepAlive.close();
    },
  };
}
