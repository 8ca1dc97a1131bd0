/**
 * One HTTPS request to the server of a kubeconfig's current context (its CA, client credentials
 * and token), for the commands that call a non-resource endpoint. A non-2xx answer throws one
 * line: the Status message when the server sent one.
 */
import { request, type RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

function failureOf(status: number, text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown };
    if (typeof body.message === 'string' && body.message !== '') return body.message;
  } catch {
    // not a Status
  }
  return `the server answered HTTP ${String(status)}`;
}

/** The parsed JSON answer of METHOD path on the kubeconfig's server. */
export async function kubeRequest(kc: KubeConfig, method: string, path: string): Promise<unknown> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  const url = new URL(path, cluster.server);
  const opts: RequestOptions = { method, headers: { Accept: 'application/json' }, timeout: 30_000 };
  await kc.applyToHTTPSOptions(opts);
  return new Promise((resolve, reject) => {
    const req = request(url, opts, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const code = res.statusCode ?? 0;
        if (code < 200 || code > 299) {
          reject(new Error(failureOf(code, text)));
          return;
        }
        try {
          resolve(JSON.parse(text) as unknown);
        } catch {
          reject(new Error(`${url.href} answered something that is not JSON`));
        }
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url.origin} within 30s`)));
    req.on('error', (err) => {
      reject(new Error(`cannot reach ${url.origin}: ${err.message}`));
    });
    req.end();
  });
}
