/**
 * Shared pieces of the hack/bench-*.ts scripts: requests and watches as the bootstrap admin of an
 * in-process API server (loopback HTTPS, its own CA), percentiles and command-line numbers.
 */
import { Agent, request } from 'node:https';
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { KubeObject } from '../api/meta.js';

export interface Endpoint {
  readonly url: string;
  readonly caCert: string;
  readonly adminToken: string;
}

export interface Answer {
  readonly status: number;
  readonly text: string;
}

export interface BenchWatchEvent {
  readonly type: string;
  readonly object: KubeObject;
}

export interface AdminClient {
  /** One request; the body is sent as JSON. */
  call(method: string, path: string, body?: unknown): Promise<Answer>;
  /** Opens GET path?watch=true and hands each event to onEvent until stop(). Rejects on a non-200 answer. */
  watch(path: string, onEvent: (ev: BenchWatchEvent) => void): Promise<{ stop(): void }>;
  close(): void;
}

export function adminClient(ep: Endpoint, maxSockets = 64): AdminClient {
  const agent = new Agent({ ca: ep.caCert, keepAlive: true, maxSockets });
  const headers = { Authorization: `Bearer ${ep.adminToken}` };
  const send = (method: string, path: string, payload?: string): ClientRequest =>
    request(`${ep.url}${path}`, {
      method,
      agent,
      headers: payload === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
    });
  return {
    call: (method, path, body) =>
      new Promise((resolve, reject) => {
        const payload = body === undefined ? undefined : JSON.stringify(body);
        const req = send(method, path, payload);
        req.on('response', (res: IncomingMessage) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (text += d));
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, text });
          });
        });
        req.on('error', reject);
        req.end(payload);
      }),
    watch: (path, onEvent) =>
      new Promise((resolve, reject) => {
        const req = send('GET', `${path}${path.includes('?') ? '&' : '?'}watch=true`);
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
            for (const line of lines) if (line.trim() !== '') onEvent(JSON.parse(line) as BenchWatchEvent);
          });
          resolve({
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

/** Nearest-rank percentile (p in 0..100) of xs; 0 for an empty list. */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)] ?? 0;
}

export const median = (xs: readonly number[]): number => percentile(xs, 50);

/** The number after --name on the command line, or def. */
export function numberArg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i > 0 ? Number(process.argv[i + 1]) : def;
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} must be a positive integer`);
  return v;
}

export const fmt = (ms: number): string => ms.toFixed(1);
