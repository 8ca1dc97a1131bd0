/** The Secrets API of a running server, through @kubernetes/client-node's CoreV1Api. */
import { ApiException, CoreV1Api, type KubeConfig, type V1Secret } from '@kubernetes/client-node';
import { Conflict, Gone, type SecretRef, type SecretsApi } from './reencrypt.js';

export type LiveSecret = SecretRef & { readonly body: V1Secret };

const PAGE = 200;

function live(s: V1Secret): LiveSecret {
  s.apiVersion = 'v1';
  s.kind = 'Secret';
  return {
    namespace: s.metadata?.namespace ?? '',
    name: s.metadata?.name ?? '',
    resourceVersion: s.metadata?.resourceVersion ?? '',
    body: s,
  };
}

/** The server's message (a Status) or the HTTP code; never the request body. */
function failure(err: unknown, what: string): Error {
  if (!(err instanceof ApiException)) return err instanceof Error ? err : new Error(String(err));
  const e = err as ApiException<unknown>;
  if (e.code === 409) return new Conflict(what);
  if (e.code === 404) return new Gone(what);
  let message = `HTTP ${String(e.code)}`;
  try {
    const body: unknown = typeof e.body === 'string' ? JSON.parse(e.body) : e.body;
    if (typeof body === 'object' && body !== null && 'message' in body) message = String(body.message);
  } catch {
    // not a Status: the code says enough
  }
  return new Error(`${what}: ${message}`);
}

export function secretsApi(kc: KubeConfig): SecretsApi<LiveSecret> {
  const core = kc.makeApiClient(CoreV1Api);
  return {
    list: async (token) => {
      try {
        const r = await core.listSecretForAllNamespaces({
          limit: PAGE,
          ...(token ? { _continue: token } : {}),
        });
        return { items: r.items.map(live), continue: r.metadata?._continue };
      } catch (err) {
        throw failure(err, 'listing secrets');
      }
    },
    get: async (namespace, name) => {
      try {
        return live(await core.readNamespacedSecret({ namespace, name }));
      } catch (err) {
        const e = failure(err, `reading secret ${namespace}/${name}`);
        if (e instanceof Gone) return undefined;
        throw e;
      }
    },
    replace: async (s) => {
      try {
        return live(
          await core.replaceNamespacedSecret({ namespace: s.namespace, name: s.name, body: s.body }),
        );
      } catch (err) {
        throw failure(err, `writing secret ${s.namespace}/${s.name}`);
      }
    },
  };
}
