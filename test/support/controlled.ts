/**
 * A test API server with the controllers running in-process, as `orgplane up` runs them (through
 * the server's admin kubeconfig, leader-elected): `ts` for requests, `stop()` stops both.
 */
import { startUpControllers } from '../../cmd/up-controllers.js';
import type { RunningControllers } from '../../controllers/index.js';
import { silentLogger } from '../../controllers/runtime/logger.js';
import { startTestServer, type Backend, type TestServer } from './apiserver.js';

export interface ControlledServer {
  readonly ts: TestServer;
  readonly controllers: RunningControllers;
  stop(): Promise<void>;
}

export async function startControlledServer(backend: Backend = 'embedded'): Promise<ControlledServer> {
  const ts = await startTestServer(backend);
  const controllers = startUpControllers({
    server: ts.server,
    logger: silentLogger,
  });
  return {
    ts,
    controllers,
    stop: async () => {
      await controllers.stop();
      await ts.stop();
    },
  };
}
