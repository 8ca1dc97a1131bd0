// Secrets encrypted at rest through the API server, on both stores: nothing readable in the
// store's files, the default key in the data dir, rotation with `secrets reencrypt`, a missing key
// failing the start, identity first, and a Secret that does not decrypt answered with a 500.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKubeConfig } from '../../cmd/gitops/client.js';
import { secretsApi } from '../../cmd/secrets/client.js';
import { reencryptAll } from '../../cmd/secrets/reencrypt.js';
import { parseEncryptionConfig } from '../../apiserver/storage/encryption/config.js';
import { encryptedStorage } from '../../apiserver/storage/encryption/storage.js';
import { Transformer } from '../../apiserver/storage/encryption/transformer.js';
import { openEtcdStorage } from '../../apiserver/storage/etcd/index.js';
import { startEtcd, type EtcdServer } from '../support/etcd.js';
import { eventuallyContains } from '../support/files.js';
import { serveOn, type TestServer } from '../support/apiserver.js';
import type { CallResult } from '../support/https-call.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const keyOf = (fill: number): string => Buffer.alloc(32, fill).toString('base64');
const config = (...providers: string[]): string =>
  `apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n- resources: [secrets]\n  providers:\n${providers.map((p) => `  - ${p}\n`).join('')}`;
const aes = (name: string, fill: number): string =>
  `aesgcm: {keys: [{name: ${name}, secret: "${keyOf(fill)}"}]}`;
const A = aes('key-a', 1);
const B = aes('key-b', 2);
const PLANTED = 'sk-live-planted-91c2e7';
const SECRET_PATH = '/api/v1/namespaces/vault/secrets';

describe.each(['embedded', 'etcd'] as const)('Secrets at rest (%s)', (backend) => {
  let dataDir: string;
  let etcd: EtcdServer | undefined;
  /** where the store's files are */
  let storeDir: string;
  const configs = new Map<string, string>();

  async function start(providers?: string[]): Promise<TestServer> {
    let file: string | undefined;
    if (providers) {
      file = join(dataDir, `enc-${String(configs.size)}.yaml`);
      await writeFile(file, config(...providers), { mode: 0o600 });
      configs.set(file, providers.join());
    }
    return serveOn(dataDir, {
      ...(etcd ? { etcdServers: etcd.endpoints } : {}),
      ...(file ? { encryptionConfigFile: file } : {}),
    });
  }

  const createSecret = (s: TestServer, name: string, value: string): Promise<CallResult> =>
    s.call('POST', SECRET_PATH, {
      body: { apiVersion: 'v1', kind: 'Secret', metadata: { name }, data: { token: b64(value) } },
    });
  const readSecret = async (s: TestServer, name: string): Promise<string> => {
    const r = await s.call('GET', `${SECRET_PATH}/${name}`);
    expect(r.status).toBe(200);
    const body = r.json as { data: { token: string } };
    return Buffer.from(body.data.token, 'base64').toString();
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'orgplane-secrets-enc-'));
    if (backend === 'etcd') etcd = await startEtcd();
    storeDir = etcd ? etcd.dir : join(dataDir, 'store');
  }, 60_000);
  afterAll(async () => {
    await etcd?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('encrypts by default with a key generated in the data dir; the store holds no plaintext', async () => {
    const s = await start();
    try {
      expect((await stat(join(dataDir, 'encryption-config.yaml'))).mode & 0o777).toBe(0o600);
      await s.call('POST', '/api/v1/namespaces', {
        body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'vault' } },
      });
      expect((await createSecret(s, 'api-key', PLANTED)).status).toBe(201);
      const frozen = await s.call('POST', SECRET_PATH, {
        body: {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'frozen' },
          immutable: true,
          data: { token: b64('ice') },
        },
      });
      expect(frozen.status).toBe(201);
      const cm = await s.call('POST', '/api/v1/namespaces/vault/configmaps', {
        body: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'c' },
          data: { v: 'plain-value-5521' },
        },
      });
      expect(cm.status).toBe(201);
      expect(await readSecret(s, 'api-key')).toBe(PLANTED);
      const list = await s.call('GET', '/api/v1/secrets');
      const items = (list.json as { items: { metadata: { name: string } }[] }).items;
      expect(items.map((i) => i.metadata.name)).toContain('api-key');
      expect(await eventuallyContains(storeDir, 'plain-value-5521', true)).toBe(true);
      expect(await eventuallyContains(storeDir, b64(PLANTED), false, 0)).toBe(false);
      expect(await eventuallyContains(storeDir, PLANTED, false, 0)).toBe(false);
    } finally {
      await s.stop();
    }
  }, 60_000);

  it('a key the config does not have fails the start, naming the Secret and the key', async () => {
    await expect(start([A])).rejects.toThrow(
      /secret vault\/api-key was encrypted with key key-\d{8} of provider aesgcm, which the encryption config does not have/,
    );
  }, 30_000);

  /** the generated key as a provider line, for the configs that must still read what it wrote */
  async function generatedProvider(): Promise<string> {
    const [p] = parseEncryptionConfig(await readFile(join(dataDir, 'encryption-config.yaml'), 'utf8'), 'gen');
    const k = p?.type === 'aesgcm' ? p.keys[0] : undefined;
    if (!k) throw new Error('the generated config has no aesgcm key');
    return `aesgcm: {keys: [{name: ${k.name}, secret: "${k.secret.toString('base64')}"}]}`;
  }

  it('rotates: B added first, reencrypt rewrites every Secret, then the old key is removed', async () => {
    const old = await generatedProvider();
    let s = await start([B, old]);
    try {
      expect(await readSecret(s, 'api-key')).toBe(PLANTED);
      expect((await createSecret(s, 'second', 'second-value')).status).toBe(201);
      const api = secretsApi(loadKubeConfig(s.server.kubeconfigPath));
      // an immutable Secret is rewritten too: its data does not change
      expect(await reencryptAll(api)).toEqual({ rewritten: 2, current: 1, gone: 0 });
      expect(await reencryptAll(api)).toEqual({ rewritten: 0, current: 3, gone: 0 });
    } finally {
      await s.stop();
    }
    s = await start([B]);
    try {
      expect(await readSecret(s, 'api-key')).toBe(PLANTED);
      expect(await readSecret(s, 'second')).toBe('second-value');
      expect(await readSecret(s, 'frozen')).toBe('ice');
    } finally {
      await s.stop();
    }
  }, 60_000);

  // etcd only: the embedded store is locked by the running server (its case is the start check)
  const etcdOnly = backend === 'etcd' ? it : it.skip;
  etcdOnly(
    'a Secret written with another key answers a 500 naming the key, never its value',
    async () => {
      if (!etcd) throw new Error('no etcd');
      const s = await start([B]);
      const raw = await openEtcdStorage({ endpoints: etcd.endpoints });
      const intruder = '/registry/core/secrets/vault/intruder';
      try {
        const other = encryptedStorage(
          raw,
          '/registry/core/secrets/',
          new Transformer([{ type: 'aesgcm', keys: [{ name: 'key-c', secret: Buffer.alloc(32, 3) }] }]),
        );
        const obj = {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: {
            name: 'intruder',
            namespace: 'vault',
            uid: 'u1',
            creationTimestamp: '2026-12-06T00:00:00Z',
          },
          data: { token: b64('intruder-value') },
        };
        await other.create(intruder, JSON.stringify(obj));
        const r = await s.call('GET', `${SECRET_PATH}/intruder`);
        expect(r.status).toBe(500);
        expect(r.json).toMatchObject({ kind: 'Status', reason: 'InternalError' });
        expect((r.json as { message: string }).message).toContain(
          'secret vault/intruder was encrypted with key key-c of provider aesgcm',
        );
        expect(r.text).not.toContain(b64('intruder-value'));
      } finally {
        await raw.delete(intruder).catch(() => undefined);
        await raw.close();
        await s.stop();
      }
    },
    60_000,
  );

  it('identity first writes plain text and still reads the encrypted Secrets', async () => {
    const s = await start(['identity: {}', B]);
    try {
      expect((await createSecret(s, 'plain', 'identity-written-77')).status).toBe(201);
      expect(await readSecret(s, 'api-key')).toBe(PLANTED);
      expect(await eventuallyContains(storeDir, b64('identity-written-77'), true)).toBe(true);
    } finally {
      await s.stop();
    }
  }, 60_000);

  etcdOnly(
    'reencrypt through one of two API servers while the other writes the same Secrets',
    async () => {
      if (!etcd) throw new Error('no etcd');
      const C = aes('key-c', 3);
      const names = Array.from({ length: 20 }, (_, i) => `busy-${String(i)}`);
      const first = await start([B, 'identity: {}']);
      try {
        for (const n of names) expect((await createSecret(first, n, `v-${n}`)).status).toBe(201);
      } finally {
        await first.stop();
      }
      const [s1, s2] = [await start([C, B, 'identity: {}']), await start([C, B, 'identity: {}'])];
      const raw = await openEtcdStorage({ endpoints: etcd.endpoints });
      try {
        const state = { writing: true };
        const writer = (async (): Promise<number> => {
          let writes = 0;
          while (state.writing)
            for (const n of names) {
              const r = await s2.call('PATCH', `${SECRET_PATH}/${n}`, {
                contentType: 'application/merge-patch+json',
                body: { metadata: { labels: { round: String(writes) } } },
              });
              expect(r.status).toBe(200);
              writes++;
            }
          return writes;
        })();
        const counts = await reencryptAll(secretsApi(loadKubeConfig(s1.server.kubeconfigPath)));
        state.writing = false;
        expect(await writer).toBeGreaterThan(0);
        const total = (await raw.list('/registry/core/secrets/')).items;
        expect(counts.rewritten + counts.current).toBe(total.length);
        expect(
          total.filter((kv) => !kv.value.startsWith('k8s:enc:aesgcm:v1:key-c:')).map((kv) => kv.key),
        ).toEqual([]);
        for (const n of names) expect(await readSecret(s1, n)).toBe(`v-${n}`);
      } finally {
        await raw.close();
        await s1.stop();
        await s2.stop();
      }
    },
    90_000,
  );
});
