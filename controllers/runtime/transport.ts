/**
 * How KubeClient reaches an API server: one authenticated request at a time, and watches. Two
 * implementations: kube-transport.ts over the network with a kubeconfig's credentials
 * (@kubernetes/client-node), and in-process-http.ts for the server in this process (`orgplane up`),
 * which loads no Kubernetes client library at all.
 */

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface OutgoingRequest {
  readonly method: Method;
  /** path and query, from the server's root: `/api/v1/namespaces?limit=500` */
  readonly path: string;
  /** request headers but credentials, which the transport adds */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** send rejects with a TimeoutError when no answer came within this many milliseconds */
  readonly timeoutMs: number;
}

export interface Answer {
  readonly status: number;
  readonly text: string;
}

/** client-node's Watch contract: lines of a watch stream as (type, object) callbacks, then done once */
export interface WatchLibrary {
  watch(
    path: string,
    queryParams: Record<string, unknown>,
    callback: (phase: string, apiObj: unknown, watchObj?: unknown) => void,
    done: (err: unknown) => void,
  ): Promise<AbortController>;
}

export interface Transport {
  send(req: OutgoingRequest): Promise<Answer>;
  readonly watches: WatchLibrary;
  /** closes idle connections (call when done with the client) */
  close(): void;
}

/** `path` with the query's defined values appended (strings as they are, others JSON-encoded) */
export function withQuery(path: string, query: Readonly<Record<string, unknown>>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null) params.set(k, typeof v === 'string' ? v : JSON.stringify(v));
  const q = params.toString();
  return q === '' ? path : `${path}${path.includes('?') ? '&' : '?'}${q}`;
}
