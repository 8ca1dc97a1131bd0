/**
 * Secrets at rest with the built CLI: `kubectl create secret` leaves no plaintext in the store's
 * files, `orgplane secrets reencrypt` reports what it rewrote, and `orgplane apiserver` refuses to
 * start (exit 1, the field or the key named, nothing written) on a bad encryption config or a
 * store written with a key it does not have.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { openEmbeddedStorage } from '../../apiserver/storage/embedded/index.js';
import { encryptedStorage } from '../../apiserver/storage/encryption/storage.js';
import { Transformer } from '../../apiserver/storage/encryption/transformer.js';
import { binary, startE2eServer, type E2eServer, type KubectlResult } from '../support/e2e.js';
import { eventuallyContains } from '../support/files.js';

jest.setTimeout(90_000);

const SECRET = 'sk-live-e2e-4d7f19a3';
const configText = (name: string, fill: number): string =>
  `apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n- resources: [secrets]\n  providers:\n  - aesgcm: {keys: [{name: ${name}, secret: "${Buffer.alloc(32, fill).toString('base64')}"}]}\n`;

const cli = (args: string[], timeoutMs = 30_000): Promise<KubectlResult> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [binary, ...args], { timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => {
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });

describe('Secrets encrypted at rest (built CLI, embedded store)', () => {
  let server: E2eServer;
  let tmp: string;

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'orgplane-e2e-enc-'));
    server = await startE2eServer('embedded');
  });
  afterAll(async () => {
    await server.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  test('kubectl create secret: readable through the API, absent from the store; reencrypt counts it', async () => {
    expect((await server.kubectl(['create', 'namespace', 'vault'])).code).toBe(0);
    const created = await server.kubectl([
      'create',
      'secret',
      'generic',
      'llm',
      '-n',
      'vault',
      `--from-literal=k=${SECRET}`,
    ]);
    expect(created.stderr).toBe('');
    const read = await server.kubectl(['get', 'secret', 'llm', '-n', 'vault', '-o', 'jsonpath={.data.k}']);
    expect(Buffer.from(read.stdout, 'base64').toString()).toBe(SECRET);
    const store = join(server.dataDir, 'store');
    expect(await eventuallyContains(store, SECRET, false, 0)).toBe(false);
    expect(await eventuallyContains(store, Buffer.from(SECRET).toString('base64'), false, 0)).toBe(false);
    const out = await cli(['secrets', 'reencrypt', '--kubeconfig', server.kubeconfig]);
    expect(out).toMatchObject({ code: 0, stdout: 'secrets: 0 rewritten, 1 already current\n' });
  });

  test('a bad encryption config: exit 1 naming the field, nothing written', async () => {
    const file = join(tmp, 'bad.yaml');
    await writeFile(file, configText('k1', 1).replace(/secret: "[^"]+"/, 'secret: "c2hvcnQ="'));
    const dataDir = join(tmp, 'never');
    const out = await cli([
      'apiserver',
      '--data-dir',
      dataDir,
      '--port',
      '0',
      '--encryption-provider-config',
      file,
    ]);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain(
      'resources[0].providers[0].aesgcm.keys[0].secret: must be 16, 24 or 32 bytes',
    );
    expect(existsSync(dataDir)).toBe(false);
  });

  test('a store written with another key: exit 1 naming the Secret and the key', async () => {
    const dataDir = join(tmp, 'other-key');
    const raw = await openEmbeddedStorage({ path: join(dataDir, 'store'), leaseCheckIntervalMs: 0 });
    const secrets = encryptedStorage(
      raw,
      '/registry/core/secrets/',
      new Transformer([{ type: 'aesgcm', keys: [{ name: 'old-key', secret: Buffer.alloc(32, 1) }] }]),
    );
    await secrets.create('/registry/core/secrets/vault/llm', '{"apiVersion":"v1","kind":"Secret"}');
    await raw.close();
    const file = join(tmp, 'new.yaml');
    await writeFile(file, configText('new-key', 2));
    const out = await cli([
      'apiserver',
      '--data-dir',
      dataDir,
      '--port',
      '0',
      '--encryption-provider-config',
      file,
    ]);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain(
      'secret vault/llm was encrypted with key old-key of provider aesgcm, which the encryption config does not have',
    );
  });
});
