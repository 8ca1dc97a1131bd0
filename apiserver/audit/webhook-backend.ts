/**
 * The audit webhook: each batch is POSTed as one audit.k8s.io/v1 EventList. Network errors, 429
 * and 5xx are retried with exponential backoff; other answers and exhausted retries fail the batch
 * (the buffer in front counts it). Shutdown cuts the backoff short.
 */
import { truncateRecord } from './truncate.js';
import { AUDIT_API_VERSION, type AuditBackend, type AuditRecord } from './types.js';
import { recordJson } from './record-json.js';

export interface WebhookOptions {
  readonly url: string;
  /** first retry delay, doubled each retry (default 500 ms) */
  readonly initialBackoffMs?: number;
  /** tries per batch, the first included (default 4) */
  readonly maxAttempts?: number;
  /** per-request timeout (default 10 s) */
  readonly timeoutMs?: number;
  /** events larger than this lose their request/response objects (default 1 MiB) */
  readonly maxEventBytes?: number;
}

export class WebhookError extends Error {
  override readonly name = 'WebhookError';
}

const retryable = (status: number): boolean => status === 429 || status >= 500;

export function webhookBackend(opts: WebhookOptions): AuditBackend {
  const url = new URL(opts.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new WebhookError(`audit webhook URL must be http or https: ${opts.url}`);
  const stop = new AbortController();
  const maxAttempts = Math.max(1, opts.maxAttempts ?? 4);
  const initialBackoff = opts.initialBackoffMs ?? 500;
  const maxEventBytes = opts.maxEventBytes ?? 1024 * 1024;

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (stop.signal.aborted) {
        resolve();
        return;
      }
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        stop.signal.removeEventListener('abort', done);
        resolve();
      }
      stop.signal.addEventListener('abort', done);
    });

  async function post(body: string): Promise<void> {
    let last = 'no attempt';
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (attempt > 1) await sleep(initialBackoff * 2 ** (attempt - 2));
      if (stop.signal.aborted && attempt > 1) break;
      try {
        const resp = await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body,
          signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
        });
        await resp.arrayBuffer().catch(() => undefined);
        if (resp.ok) return;
        last = `HTTP ${resp.status}`;
        if (!retryable(resp.status)) break;
      } catch (err) {
        last = err instanceof Error ? err.message : String(err);
      }
    }
    throw new WebhookError(`audit webhook ${url.origin}${url.pathname}: ${last}`);
  }

  return {
    name: 'webhook',
    process(batch: readonly AuditRecord[]): Promise<void> {
      const items = batch.map((r) => truncateRecord(r, maxEventBytes));
      const head = JSON.stringify({ kind: 'EventList', apiVersion: AUDIT_API_VERSION, metadata: {} });
      return post(`${head.slice(0, -1)},"items":[${items.map(recordJson).join(',')}]}`);
    },
    shutdown(): Promise<void> {
      stop.abort();
      return Promise.resolve();
    },
  };
}
