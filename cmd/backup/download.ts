/**
 * `GET /backup` of a running server (apiserver/server/backup-endpoint.ts), streamed to a file
 * with the kubeconfig's CA and credentials; a non-2xx answer is one line (its Status message).
 */
import { request, type RequestOptions } from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { KubeConfig } from '@kubernetes/client-node';
import { writeFileAtomically } from '../../apiserver/storage/backup/file.js';

async function get(kc: KubeConfig, path: string): Promise<IncomingMessage> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  const url = new URL(path, cluster.server);
  const opts: RequestOptions = { method: 'GET', headers: { Accept: 'application/x-ndjson' } };
  await kc.applyToHTTPSOptions(opts);
  return new Promise((resolve, reject) => {
    const req = request(url, opts, resolve);
    req.setTimeout(60_000, () => req.destroy(new Error(`no answer from ${url.origin} within 60s`)));
    req.on('error', (err) => {
      reject(new Error(`cannot reach ${url.origin}: ${err.message}`));
    });
    req.end();
  });
}

async function failure(res: IncomingMessage): Promise<string> {
  let text = '';
  for await (const c of res) text += (c as Buffer).toString('utf8');
  try {
    const msg = (JSON.parse(text) as { message?: unknown }).message;
    if (typeof msg === 'string' && msg !== '') return msg;
  } catch {
    // not a Status
  }
  return `the server answered HTTP ${String(res.statusCode)}`;
}

/** Saves the server's backup stream to path (atomically). */
export async function downloadBackup(kc: KubeConfig, path: string): Promise<void> {
  const res = await get(kc, '/backup');
  const code = res.statusCode ?? 0;
  if (code < 200 || code > 299) throw new Error(await failure(res));
  await writeFileAtomically(path, res as AsyncIterable<Buffer>);
}
