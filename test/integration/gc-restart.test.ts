/**
 * The garbage collector after a restart, on a store written before it: its start decodes only the
 * objects that can have owners, finalizers or a deletion mark, so the owners it has not decoded are
 * read when their dependents are looked at. A dependent whose owner went while the server was down
 * is collected at start; one whose owner is still there stays, until that owner is deleted.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject, OwnerReference } from '../../api/meta.js';
import { objectKey } from '../../apiserver/registry/keys.js';
import { openEmbeddedStorage } from '../../apiserver/storage/embedded/index.js';
import { V, agent, agentsPath, create, createNamespace, gone } from '../support/api-helpers.js';
import { serveOn, type TestServer } from '../support/apiserver.js';

jest.setTimeout(60_000);
const AGENTS = { group: 'orgplane.io', plural: 'agents', namespaced: true } as const;

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
    const first = await serveOn(dataDir);
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
    ts = await serveOn(dataDir);
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
