/**
 * An orgplane API server for integration tests, in this process: embedded store in a temp dir,
 * or a throwaway etcd. Answers with the URL, the admin token and a fetch bound to both.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'node:https';
import { silentLogger } from '../../apiserver/observability/logger.js';
import { startApiServer, type RunningApiServer } from '../../apiserver/server/start.js';
import { startEtcd, type EtcdServer } from './etcd.js';

export type Backend = 'embedded' | 'etcd';

export interface TestServer {
  readonly server: RunningApiServer;
  readonly dataDir: string;
  /** an HTTPS request as the bootstrap admin (or with the given token / none) */
  call(method: string, path: string, opts?: CallOptions): Promise<CallResult>;
  stop(): Promise<void>;
}

export interface CallOptions {
  readonly body?: unknown;
  readonly contentType?: string;
  readonly accept?: string;
  readonly token?: string | null;
  readonly headers?: Record<string, string>;
}

export interface CallResult {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  /** the body parsed as JSON (undefined when it is not JSON) */
  readonly json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const crdsDir = fileURLToPath(new URL('../../crds', import.meta.url));

export async function startTestServer(backend: Backend = 'embedded'): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'orgplane-it-'));
  let etcd: EtcdServer | undefined;
  if (backend === 'etcd') etcd = await startEtcd();
  const server = await startApiServer({
    dataDir,
    port: 0,
    bindAddress: '127.0.0.1',
    crdsDir,
    logger: silentLogger(),
    ...(etcd ? { etcdServers: etcd.endpoints } : {}),
  });
  const agent = new Agent({ ca: server.caCert, keepAlive: true });
  const call = (method: string, path: string, opts: CallOptions = {}): Promise<CallResult> =>
    new Promise((resolve, reject) => {
      const payload =
        opts.body === undefined
          ? undefined
          : typeof opts.body === 'string' || Buffer.isBuffer(opts.body)
            ? opts.body
            : JSON.stringify(opts.body);
      const token = opts.token === undefined ? server.adminToken : opts.token;
      const req = request(
        `${server.url}${path}`,
        {
          method,
          agent,
          headers: {
            ...(payload !== undefined
              ? {
                  'Content-Type': opts.contentType ?? 'application/json',
                  'Content-Length': Buffer.byteLength(payload),
                }
              : {}),
            ...(opts.accept ? { Accept: opts.accept } : {}),
            ...(token ? { Authorization: `Bearer ${token}` } : {}),
            ...opts.headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json: unknown;
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
          });
        },
      );
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  return {
    server,
    dataDir,
    call,
    stop: async () => {
      agent.destroy();
      await server.stop();
      await etcd?.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
