/**
 * Shared pieces of the hack/bench-*.ts scripts: requests and watches as the bootstrap admin of an
 * in-process API server (loopback HTTPS, its own CA), percentiles and command-line numbers.
 */
import { fileURLToPath } from 'node:url';
import type { KubeObject } from '../api/meta.js';
import { silentLogger } from '../apiserver/observability/logger.js';
import { startApiServer, type ApiServerOptions, type RunningApiServer } from '../apiserver/server/start.js';
import { apiClient, type Answer } from './bench/client.js';

export type { Answer };

export interface Endpoint {
  readonly url: string;
  readonly caCert: string;
  readonly adminToken: string;
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

/** The bench's HTTPS client (bench/client.ts) as the bootstrap admin, with watch events parsed. */
export function adminClient(ep: Endpoint, maxSockets = 64): AdminClient {
  const client = apiClient({ url: ep.url, caCert: ep.caCert, token: ep.adminToken }, maxSockets);
  return {
    call: (method, path, body) => client.call(method, path, body),
    watch: async (path, onEvent) => {
      const stream = await client.watch(path, (line) => {
        onEvent(JSON.parse(line) as BenchWatchEvent);
      });
      return {
        stop: () => {
          stream.stop();
        },
      };
    },
    close: () => {
      client.close();
    },
  };
}

/** An in-process API server on loopback with the repository's CRDs, silent unless `extra` says. */
export function benchServer(
  dataDir: string,
  extra: Partial<ApiServerOptions> = {},
): Promise<RunningApiServer> {
  return startApiServer({
    dataDir,
    port: 0,
    bindAddress: '127.0.0.1',
    crdsDir: fileURLToPath(new URL('../crds', import.meta.url)),
    logger: silentLogger(),
    ...extra,
  });
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
