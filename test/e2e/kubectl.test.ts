/**
 * Real kubectl against the built `orgplane up`, on the embedded store and on etcd. Scenarios go
 * beyond the acceptance script; each group lives in test/e2e/kubectl/.
 */
import { afterAll, beforeAll, describe, jest } from '@jest/globals';
import { startE2eServer, type E2eServer } from '../support/e2e.js';
import { applyAndGet } from './kubectl/apply-get.js';
import { crdAndErrors } from './kubectl/crd-errors.js';
import { kubectlFor, NS } from './kubectl/harness.js';
import { watchAndDelete } from './kubectl/watch-delete.js';
import { writes } from './kubectl/writes.js';

jest.setTimeout(60_000);

describe.each(['embedded', 'etcd'] as const)('kubectl against orgplane on %s', (backend) => {
  let server: E2eServer | undefined;
  const k = kubectlFor(() => {
    if (!server) throw new Error('the server did not start');
    return server;
  });

  beforeAll(async () => {
    server = await startE2eServer(backend);
    await k.ok(['create', 'namespace', NS]);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  applyAndGet(k);
  watchAndDelete(k);
  writes(k);
  crdAndErrors(k);
});
