/**
 * HTTPS to the product as one bearer token over keep-alive sockets: JSON requests, and watch
 * streams handed over line by line (parsing is left to the caller, which may need one field only).
 */
import { Agent, request } from 'node:https';
import type { IncomingMessage } from 'node:http';

export interface Answer {
  readonly status: number;
  readonly text: string;
}

export interface Credentials {
  readonly url: string;
  readonly caCert: string;
  readonly token: string;
}

export interface WatchStream {
  /** resolves when the server ends the stream or stop() is called */
  readonly ended: Promise<void>;
  stop(): void;
}

export interface ApiClient {
  call(method: string, path: string, body?: unknown): Promise<Answer>;
  /** GET path (with watch=true added); onLine gets each non-empty line. Rejects on a non-200 answer. */
  watch(path: string, onLine: (line: string) => void): Promise<WatchStream>;
  close(): void;
}

/** timeoutMs: a request whose socket stays silent this long fails (a hung server cannot hang the bench). */
export function apiClient(cred: Credentials, maxSockets: number, timeoutMs = 120_000): ApiClient {
  const agent = new Agent({ ca: cred.caCert, keepAlive: true, maxSockets });
  const auth = { Authorization: `Bearer ${cred.token}` };
  return {
    call: (method, path, body) =>
      new Promise((resolve, reject) => {
        const payload = body === undefined ? undefined : JSON.stringify(body);
        const headers = payload === undefined ? auth : { ...auth, 'Content-Type': 'application/json' };
        const req = request(`${cred.url}${path}`, { method, agent, headers }, (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on('data', (d: Buffer) => chunks.push(d));
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
          });
          res.on('error', reject);
        });
        req.setTimeout(timeoutMs, () =>
          req.destroy(new Error(`${method} ${path}: silent for ${timeoutMs} ms`)),
        );
        req.on('error', reject);
        req.end(payload);
      }),
    watch: (path, onLine) =>
      new Promise((resolve, reject) => {
        const sep = path.includes('?') ? '&' : '?';
        const req = request(`${cred.url}${path}${sep}watch=true`, { agent, headers: auth });
        let stopped = false;
        req.on('error', (err) => {
          if (!stopped) reject(err);
        });
        req.on('response', (res: IncomingMessage) => {
          if (res.statusCode !== 200) {
            res.resume();
            reject(new Error(`watch ${path} answered ${res.statusCode ?? 0}`));
            return;
          }
          let partial = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            const lines = (partial + chunk).split('\n');
            partial = lines.pop() ?? '';
            for (const line of lines) if (line !== '') onLine(line);
          });
          const ended = new Promise<void>((done) => {
            res.once('close', done);
            res.once('end', done);
          });
          resolve({
            ended,
            stop: () => {
              stopped = true;
              req.destroy();
            },
          });
        });
        req.end();
      }),
    close: () => {
      agent.destroy();
    },
  };
}
