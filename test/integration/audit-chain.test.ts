/**
 * The server's own audit log is hash-chained across rotations and signed with its token signing
 * key (both stores): `orgplane audit verify`'s core finds it intact against the server's JWKS,
 * across a key rotation, and names a rotated file removed from the middle.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { JSONWebKeySet } from 'jose';
import { logFilesIn } from '../../apiserver/audit/verify-files.js';
import { verifyAuditLog } from '../../apiserver/audit/verify.js';
import { startTestServer, type Backend, type TestServer } from '../support/apiserver.js';

describe.each<Backend>(['embedded', 'etcd'])('the audit log of a server on %s', (backend) => {
  let ts: TestServer;
  let dir: string;
  beforeAll(async () => {
    ts = await startTestServer(backend, { audit: { logMaxSizeMB: 0.01, logMaxBackups: 50 } });
    dir = join(ts.dataDir, 'audit');
  }, 60_000);
  afterAll(async () => {
    await ts.stop();
  }, 30_000);

  const jwks = async (): Promise<JSONWebKeySet> =>
    (await ts.call('GET', '/openid/v1/jwks', { token: null })).json as JSONWebKeySet;

  async function requests(n: number): Promise<void> {
    for (let i = 0; i < n; i++) expect((await ts.call('GET', '/api/v1/namespaces')).status).toBe(200);
  }

  it('is chained across rotations and digests signed before and after a key rotation verify', async () => {
    await requests(30);
    expect((await ts.call('POST', '/signing-keys/rotate')).status).toBe(201);
    await requests(30);
    await new Promise((r) => setTimeout(r, 300)); // the log buffer's wait
    const { files, missing } = await logFilesIn(dir);
    expect(missing).toEqual([]);
    expect(files.length).toBeGreaterThan(3);
    const result = await verifyAuditLog(files, { jwks: await jwks(), now: new Date() });
    expect(result).toMatchObject({ intact: true, files: files.length });
    if (result.intact) {
      expect(result.records).toBeGreaterThanOrEqual(60);
      expect(result.digests).toBeGreaterThanOrEqual(files.length - 1);
    }
  });

  it('names a rotated file removed from the middle', async () => {
    const { files } = await logFilesIn(dir);
    const middle = files[1]?.name ?? '';
    await rm(join(dir, middle));
    expect((await logFilesIn(dir)).missing).toEqual([middle]);
    const remaining = (await logFilesIn(dir)).files;
    const result = await verifyAuditLog(remaining, { jwks: await jwks(), now: new Date() });
    expect(result).toMatchObject({ intact: false, file: files[2]?.name, line: 1 });
  });
});
