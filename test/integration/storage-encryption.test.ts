// The Secret encryption decorator on both backends: no plaintext in the store's files, every read
// path decrypts, rotation, wrong keys and identity (DESIGN.md "Encrypted at rest, by default").
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProviderConfig } from '../../apiserver/storage/encryption/config.js';
import { encryptedStorage } from '../../apiserver/storage/encryption/storage.js';
import { Transformer } from '../../apiserver/storage/encryption/transformer.js';
import { verifyReadable } from '../../apiserver/storage/encryption/verify.js';
import { openEmbeddedStorage } from '../../apiserver/storage/embedded/index.js';
import { openEtcdStorage } from '../../apiserver/storage/etcd/index.js';
import type { Storage } from '../../apiserver/storage/interface.js';
import { startEtcd, type EtcdServer } from '../support/etcd.js';
import { eventuallyContains } from '../support/files.js';
import { take } from '../support/watch.js';

const SECRETS = '/registry/core/secrets/';
const aes = (name: string, fill: number): ProviderConfig => ({
  type: 'aesgcm',
  keys: [{ name, secret: Buffer.alloc(32, fill) }],
});
const A = aes('key-a', 1);
const B = aes('key-b', 2);
const IDENTITY: ProviderConfig = { type: 'identity' };
const wrap = (raw: Storage, ...providers: ProviderConfig[]): Storage =>
  encryptedStorage(raw, SECRETS, new Transformer(providers));

interface Backend {
  readonly name: string;
  /** the raw store and the directory its files live in */
  open(): Promise<{ raw: Storage; dir: string }>;
  cleanup(): Promise<void>;
}

const embedded = (): Backend => {
  let dir = '';
  let raw: Storage | undefined;
  return {
    name: 'embedded',
    async open() {
      dir = await mkdtemp(join(tmpdir(), 'orgplane-enc-'));
      raw = await openEmbeddedStorage({ path: dir, leaseCheckIntervalMs: 0 });
      return { raw, dir };
    },
    async cleanup() {
      await raw?.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
};

const etcd = (): Backend => {
  let server: EtcdServer | undefined;
  let raw: Storage | undefined;
  return {
    name: 'etcd',
    async open() {
      server = await startEtcd();
      raw = await openEtcdStorage({ endpoints: server.endpoints });
      return { raw, dir: server.dir };
    },
    async cleanup() {
      await raw?.close();
      await server?.stop();
    },
  };
};

describe.each([embedded(), etcd()])('$name storage with Secrets encrypted', (backend) => {
  let raw: Storage;
  let dir: string;
  let n = 0;
  /** a namespace no other test touches */
  const ns = (): string => `${SECRETS}t${String(++n)}/`;

  beforeAll(async () => {
    ({ raw, dir } = await backend.open());
  }, 60_000);
  afterAll(() => backend.cleanup(), 30_000);

  it('keeps a Secret value out of the files, other keys as they are; every read path decrypts', async () => {
    const s = wrap(raw, A);
    const p = ns();
    const planted = `sk-planted-${String(Date.now())}`;
    const plain = `plain-config-${String(Date.now())}`;
    const from = await s.currentRevision();
    const created = await s.create(`${p}one`, `{"v":"${planted}"}`);
    expect(created.value).toBe(`{"v":"${planted}"}`);
    await s.create(`/registry/core/configmaps/${p.slice(SECRETS.length)}c`, `{"v":"${plain}"}`);
    const put = await s.txn({
      compares: [{ key: `${p}two`, target: 'modRevision', op: '=', value: 0 }],
      success: [{ type: 'put', key: `${p}two`, value: `{"v":"${planted}-2"}` }],
    });
    expect(put.results[0]?.value).toBe(`{"v":"${planted}-2"}`);
    // the failure branch's read-back (group commit's) decrypts
    const lost = await s.txn({
      compares: [{ key: `${p}two`, target: 'modRevision', op: '=', value: 0 }],
      success: [],
      failure: [{ type: 'get', key: `${p}two` }],
    });
    expect(lost.succeeded).toBe(false);
    expect(lost.results[0]?.value).toBe(`{"v":"${planted}-2"}`);
    expect((await s.get(`${p}one`))?.value).toBe(`{"v":"${planted}"}`);
    expect((await raw.get(`${p}one`))?.value).toMatch(/^k8s:enc:aesgcm:v1:key-a:/);
    expect((await s.list(p)).items.map((kv) => kv.value)).toEqual([
      `{"v":"${planted}"}`,
      `{"v":"${planted}-2"}`,
    ]);
    const all = await s.list('/registry/');
    expect(all.items.filter((kv) => kv.key.startsWith(p)).map((kv) => kv.value)).toEqual([
      `{"v":"${planted}"}`,
      `{"v":"${planted}-2"}`,
    ]);

    await s.txn({ compares: [], success: [{ type: 'put', key: `${p}one`, value: `{"v":"${planted}-3"}` }] });
    const gone = await s.delete(`${p}two`);
    expect(gone.prev.value).toBe(`{"v":"${planted}-2"}`);
    const w = s.watch('/', { fromRevision: from });
    const events = await take(w, 5);
    w.stop();
    const values = events.filter((e) => e.key.startsWith(p)).map((e) => [e.type, e.kv.value, e.prev?.value]);
    expect(values).toEqual([
      ['create', `{"v":"${planted}"}`, undefined],
      ['create', `{"v":"${planted}-2"}`, undefined],
      ['update', `{"v":"${planted}-3"}`, `{"v":"${planted}"}`],
      ['delete', `{"v":"${planted}-2"}`, undefined],
    ]);

    expect(await eventuallyContains(dir, plain, true)).toBe(true);
    expect(await eventuallyContains(dir, planted, false, 0)).toBe(false);
  }, 30_000);

  it('reads a store written with key A after adding B first, rewrites it with B, then reads with B alone', async () => {
    const p = ns();
    await wrap(raw, A).create(`${p}s`, '{"v":"rotate-me"}');
    const both = wrap(raw, B, A);
    const read = await both.get(`${p}s`);
    expect(read).toMatchObject({ value: '{"v":"rotate-me"}', stale: true });
    await both.txn({ compares: [], success: [{ type: 'put', key: `${p}s`, value: '{"v":"rotate-me"}' }] });
    expect(await both.get(`${p}s`)).not.toHaveProperty('stale');
    expect((await raw.get(`${p}s`))?.value).toMatch(/^k8s:enc:aesgcm:v1:key-b:/);
    expect((await wrap(raw, B).get(`${p}s`))?.value).toBe('{"v":"rotate-me"}');
  });

  it('fails a read with a missing or wrong key, naming the Secret and the key, never serving garbage', async () => {
    const p = ns();
    await wrap(raw, A).create(`${p}locked`, '{"v":"x"}');
    await expect(wrap(raw, B).get(`${p}locked`)).rejects.toThrow(
      `secret ${p.slice(SECRETS.length)}locked was encrypted with key key-a of provider aesgcm, which the encryption config does not have`,
    );
    await expect(wrap(raw, aes('key-a', 9)).list(p)).rejects.toThrow('does not decrypt with key key-a');
    const w = wrap(raw, B).watch(p, { fromRevision: (await raw.currentRevision()) - 1 });
    await expect(take(w, 1)).rejects.toThrow(
      `secret ${p.slice(SECRETS.length)}locked was encrypted with key key-a`,
    );
    w.stop();
    await expect(verifyReadable(wrap(raw, B), SECRETS)).rejects.toThrow(
      'which the encryption config does not have',
    );
    expect(await verifyReadable(wrap(raw, A), p)).toBe(1);
  });

  it('identity first writes plain text and still reads what aesgcm wrote', async () => {
    const p = ns();
    await wrap(raw, A).create(`${p}enc`, '{"v":"was-encrypted"}');
    const s = wrap(raw, IDENTITY, A);
    await s.create(`${p}plain`, '{"v":"identity-written"}');
    expect((await raw.get(`${p}plain`))?.value).toBe('{"v":"identity-written"}');
    expect(await s.get(`${p}enc`)).toMatchObject({ value: '{"v":"was-encrypted"}', stale: true });
  });

  it('refuses a txn that compares the value of a Secret key, and passes other keys through', async () => {
    const p = ns();
    const s = wrap(raw, A);
    await expect(
      s.txn({ compares: [{ key: `${p}x`, target: 'value', op: '=', value: 'a' }], success: [] }),
    ).rejects.toThrow(`internal error: a transaction compares the encrypted value of ${p}x`);
    const other = '/orgplane/enc-test/record';
    await s.create(other, 'v1');
    const r = await s.txn({
      compares: [{ key: other, target: 'value', op: '=', value: 'v1' }],
      success: [{ type: 'put', key: other, value: 'v2' }],
    });
    expect(r.succeeded).toBe(true);
    expect((await raw.get(other))?.value).toBe('v2');
  });
});
