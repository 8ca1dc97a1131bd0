/**
 * The garbage collector after a restart, on a store written before it: its start decodes only the
 * objects that can have owners, finalizers or a deletion mark, so the owners it has not decoded are
 * read when their dependents are looked at. A dependent whose owner went while the server was down
 * is collected at start; one whose owner is still there stays, until that owner is deleted.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KubeObject, OwnerReference } from '../../api/meta.js';
import { silentLogger } from '../../apiserver/observability/logger.js';
import { objectKey } from '../../apiserver/registry/keys.js';
import { startApiServer } from '../../apiserver/server/start.js';
import { openEmbeddedStorage } from '../../apiserver/storage/embedded/index.js';
import { V, agent, agentsPath, create, createNamespace, gone } from '../support/api-helpers.js';
import type { TestServer } from '../support/apiserver.js';
import { httpsCall } from '../support/https-call.js';

jest.setTimeout(60_000);
const crdsDir = fileURLToPath(new URL('../../crds', import.meta.url));
const AGENTS = { group: 'orgplane.io', plural: 'agents', namespaced: true } as const;

async function serve(dataDir: string): Promise<TestServer> {
  const server = await startApiServer({
    dataDir,
    port: 0,
    bindAddress: '127.0.0.1',
    crdsDir,
    logger: silentLogger(),
  });
  const tls = new Agent({ ca: server.caCert, keepAlive: true });
  return {
    server,
    dataDir,
    call: (method, path, opts = {}) =>
      httpsCall({ url: server.url, agent: tls, token: server.adminToken }, method, path, opts),
    stop: async () => {
      tls.destroy();
      await server.stop();
    },
  };
}

const ownedBy = (owner: KubeObject): OwnerReference => ({
  apiVersion: V,
  kind: 'Agent',
  name: owner.metadata.name ?? '',
  uid: owner.metadata.uid ?? '',
});

describe('garbage collection across a restart (embedded store)', () => {
  let dataDir: string;
  let ts: TestServer | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'orgplane-gc-restart-'));
    const first = await serve(dataDir);
    await createNamespace(first, 'g1');
    const path = agentsPath('g1');
    const kept = await create(first, path, agent('kept-owner'));
    await create(first, path, agent('kept-dep', { model: 'm' }, { ownerReferences: [ownedBy(kept)] }));
    const lost = await create(first, path, agent('lost-owner'));
    await create(first, path, agent('lost-dep', { model: 'm' }, { ownerReferences: [ownedBy(lost)] }));
    await first.stop();
    // the owner goes while no server runs
    const storage = await openEmbeddedStorage({ path: join(dataDir, 'store') });
    await storage.delete(objectKey(AGENTS, 'g1', 'lost-owner'));
    await storage.close();
    ts = await serve(dataDir);
  });

  afterAll(async () => {
    await ts?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('collects at start a dependent whose owner went while the server was down', async () => {
    if (!ts) throw new Error('no server');
    await gone(ts, agentsPath('g1', 'lost-dep'));
  });

  it('keeps a dependent whose owner is there, until the owner is deleted', async () => {
    if (!ts) throw new Error('no server');
    await new Promise((r) => setTimeout(r, 500));
    expect((await ts.call('GET', agentsPath('g1', 'kept-dep'))).status).toBe(200);
    expect((await ts.call('DELETE', agentsPath('g1', 'kept-owner'))).status).toBe(200);
    await gone(ts, agentsPath('g1', 'kept-dep'));
  });
});
