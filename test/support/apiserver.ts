/**
 * An orgplane API server for integration tests, in this process: embedded store in a temp dir,
 * or a throwaway etcd. Answers with the URL, the admin token and a fetch bound to both.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent } from 'node:https';
import { httpsCall, type CallOptions, type CallResult } from './https-call.js';
import { silentLogger } from '../../apiserver/observability/logger.js';
import {
  startApiServer,
  type ApiServerOptions,
  type RunningApiServer,
} from '../../apiserver/server/start.js';
import { startEtcd, type EtcdServer } from './etcd.js';

export type Backend = 'embedded' | 'etcd';

export interface TestServer {
  readonly server: RunningApiServer;
  readonly dataDir: string;
  /** an HTTPS request as the bootstrap admin (or with the given token / none) */
  call(method: string, path: string, opts?: CallOptions): Promise<CallResult>;
  stop(): Promise<void>;
}

export type { CallOptions, CallResult } from './https-call.js';

const crdsDir = fileURLToPath(new URL('../../crds', import.meta.url));

export type TestServerOptions = Partial<
  Pick<
    ApiServerOptions,
    | 'shutdownDelayMs'
    | 'shutdownTimeoutMs'
    | 'maxRequestsInflight'
    | 'watchCache'
    | 'logger'
    | 'oidcConfigFile'
    | 'requestCounters'
    | 'audit'
    | 'consoleDir'
  >
> & {
  /** an etcd the test starts and stops itself (to kill members); stop() leaves it running */
  readonly etcd?: EtcdServer;
};

/** `extra`: server options beyond the defaults (e.g. a small watch-cache watcher queue). */
export async function startTestServer(
  backend: Backend = 'embedded',
  extra: TestServerOptions = {},
): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'orgplane-it-'));
  const { etcd: given, ...options } = extra;
  let etcd: EtcdServer | undefined;
  if (backend === 'etcd' && !given) etcd = await startEtcd();
  const endpoints = (given ?? etcd)?.endpoints;
  const ts = await serveOn(dataDir, {
    ...(backend === 'etcd' && endpoints ? { etcdServers: endpoints } : {}),
    ...options,
  });
  return {
    ...ts,
    stop: async () => {
      await ts.stop();
      await etcd?.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A server on a data dir that may hold a store already (a restart reads what the last server
 * left); stop() stops this server only, leaving the data dir.
 */
export async function serveOn(
  dataDir: string,
  options: Partial<Omit<ApiServerOptions, 'dataDir'>> = {},
): Promise<TestServer> {
  const server = await startApiServer({
    dataDir,
    port: 0,
    bindAddress: '127.0.0.1',
    crdsDir,
    logger: silentLogger(),
    ...options,
  });
  const agent = new Agent({ ca: server.caCert, keepAlive: true });
  const ep = { url: server.url, agent, token: server.adminToken };
  return {
    server,
    dataDir,
    call: (method, path, opts = {}) => httpsCall(ep, method, path, opts),
    stop: async () => {
      agent.destroy();
      await server.stop();
    },
  };
}
