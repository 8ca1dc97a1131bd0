/**
 * The controllers `orgplane up` runs beside its API server, in-process: their requests and watches
 * go to the server's request listener (the whole request path but the socket, TLS and HTTP
 * parsing: authentication by the admin token, authorization, admission, audit), so `up` loads no
 * Kubernetes client library. Leader-elected (several `up` may share one etcd); their informers
 * fill their caches with streaming lists (sendInitialEvents) rather than pages of 500. The
 * identity is stable per host and data dir, so a restarted `up` takes its own Lease back at once
 * instead of waiting for it to expire.
 */
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import type { RunningApiServer } from '../apiserver/server/start.js';
import type { BillingConfig } from '../controllers/billing/index.js';
import { runControllers, type RunningControllers } from '../controllers/index.js';
import { inProcessTransport } from '../controllers/runtime/in-process-http.js';
import type { Logger } from '../controllers/runtime/logger.js';

export interface UpControllersOptions {
  /** the API server in this process: its listener, URL, admin token and admin kubeconfig's path */
  readonly server: Pick<RunningApiServer, 'listener' | 'url' | 'adminToken' | 'kubeconfigPath'>;
  readonly logger: Logger;
  readonly billingConfig?: BillingConfig;
}

export function startUpControllers(opts: UpControllersOptions): RunningControllers {
  const { server } = opts;
  return runControllers({
    connect: () => inProcessTransport(server.listener, server.url, server.adminToken),
    logger: opts.logger,
    identity: `${hostname()}:${dirname(resolve(server.kubeconfigPath))}`,
    initialList: 'watch',
    ...(opts.billingConfig ? { billingConfig: opts.billingConfig } : {}),
  });
}
