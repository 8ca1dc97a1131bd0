// Backup under a steady write load is exactly the store at its revision; a restore into the other
// store kind (embedded → etcd, etcd → embedded) holds every key with the same bytes (Secrets as the
// same ciphertext, leased keys on a fresh lease); the target's revision ends above the backup's
// (embedded: the counter continues; etcd: advanced by writes); a non-empty target and a Secret the config cannot decrypt are refused.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupEntries, verifyBackupFile, writeFileAtomically } from '../../apiserver/storage/backup/file.js';
import { BackupError, type BackupEntry } from '../../apiserver/storage/backup/format.js';
import {
  advanceRevision,
  REVISION_MARKER,
  requireEmpty,
  restoreEntries,
} from '../../apiserver/storage/backup/restore.js';
import { SecretCheck } from '../../apiserver/storage/backup/secrets.js';
import { snapshotLines, takeSnapshot } from '../../apiserver/storage/backup/snapshot.js';
import { encryptedStorage } from '../../apiserver/storage/encryption/storage.js';
import { Transformer } from '../../apiserver/storage/encryption/transformer.js';
import { openEmbeddedStorage } from '../../apiserver/storage/embedded/index.js';
import { openEtcdStorage } from '../../apiserver/storage/etcd/index.js';
import type { Storage } from '../../apiserver/storage/interface.js';
import { startEtcd, type EtcdServer } from '../support/etcd.js';

jest.setTimeout(120_000);

const SECRETS = '/registry/core/secrets/';
const KEY = new Transformer([{ type: 'aesgcm', keys: [{ name: 'k1', secret: Buffer.alloc(32, 7) }] }]);
const OTHER_KEY = new Transformer([{ type: 'aesgcm', keys: [{ name: 'k1', secret: Buffer.alloc(32, 9) }] }]);
const PLAINTEXT = 'the-password-is-swordfish';
const SEED = 1500;

let dir = '';
const etcds: EtcdServer[] = [];
const stores: Storage[] = [];

async function embedded(name: string, initialRevision?: number): Promise<Storage> {
  const s = await openEmbeddedStorage({
    path: join(dir, name),
    leaseCheckIntervalMs: 0,
    ...(initialRevision !== undefined ? { initialRevision } : {}),
  });
  stores.push(s);
  return s;
}

async function etcd(): Promise<Storage> {
  const server = await startEtcd();
  etcds.push(server);
  const s = await openEtcdStorage({ endpoints: server.endpoints });
  stores.push(s);
  return s;
}

/** SEED objects, a Secret written through the encryption, and a key on a lease. */
async function seed(raw: Storage): Promise<void> {
  const enc = encryptedStorage(raw, SECRETS, KEY);
  await enc.create(`${SECRETS}acme/db`, JSON.stringify({ kind: 'Secret', data: { password: PLAINTEXT } }));
  const lease = await raw.grantLease(3600);
  await raw.create('/registry/orgplane.io/auditevents/acme/e1', '{"kind":"AuditEvent"}', { lease });
  for (let i = 0; i < SEED; i += 100) {
    await Promise.all(
      Array.from({ length: 100 }, (_, j) =>
        raw.create(`/registry/orgplane.io/agents/acme/seed-${String(i + j)}`, JSON.stringify({ n: i + j })),
      ),
    );
  }
}

interface Written {
  readonly key: string;
  readonly rev: number;
  /** resolved before the backup finished */
  readonly during: boolean;
}

/** Back up `source` to a file while a writer keeps creating keys; what the writer wrote, when. */
async function backupUnderLoad(
  source: Storage,
  file: string,
): Promise<{ written: Written[]; revision: number }> {
  const written: Written[] = [];
  const state = { backupDone: false };
  const writer = (async () => {
    for (let i = 0; !state.backupDone; i++) {
      const key = `/registry/orgplane.io/agents/load/w-${String(i).padStart(6, '0')}`;
      const kv = await source.create(key, JSON.stringify({ i }));
      written.push({ key, rev: kv.modRevision, during: !state.backupDone });
    }
  })();
  await new Promise((r) => setTimeout(r, 50));
  const snap = await takeSnapshot(source);
  await writeFileAtomically(file, snapshotLines(snap));
  state.backupDone = true;
  await writer;
  return { written, revision: snap.revision };
}

async function allKeys(s: Storage): Promise<Map<string, { value: string; lease: number }>> {
  const { items } = await s.list('/');
  return new Map(items.map((kv) => [kv.key, { value: kv.value, lease: kv.lease }]));
}

async function entriesOf(file: string): Promise<BackupEntry[]> {
  const out: BackupEntry[] = [];
  for await (const e of backupEntries(file)) out.push(e);
  return out;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'orgplane-backup-'));
});

afterAll(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
  await Promise.all(etcds.splice(0).map((e) => e.stop()));
  await rm(dir, { recursive: true, force: true });
});

describe.each([
  ['embedded', 'etcd'],
  ['etcd', 'embedded'],
] as const)('backup of %s under load, restored into %s', (from, to) => {
  let source: Storage;
  let file = '';
  let result: { written: Written[]; revision: number };

  beforeAll(async () => {
    source = from === 'embedded' ? await embedded(`src-${from}`) : await etcd();
    await seed(source);
    file = join(dir, `${from}.backup`);
    result = await backupUnderLoad(source, file);
  });

  it('holds exactly the keys of its revision, though writes went on while it ran', async () => {
    const { written, revision } = result;
    expect(written.filter((w) => w.during && w.rev > revision).length).toBeGreaterThan(0);
    const header = await verifyBackupFile(file);
    expect(header.revision).toBe(revision);
    const keys = (await entriesOf(file)).map((e) => e.key);
    const expected = [
      `${SECRETS}acme/db`,
      '/registry/orgplane.io/auditevents/acme/e1',
      ...Array.from({ length: SEED }, (_, i) => `/registry/orgplane.io/agents/acme/seed-${String(i)}`),
      ...written.filter((w) => w.rev <= revision).map((w) => w.key),
    ];
    expect(keys.length).toBe(header.objects);
    expect([...keys].sort()).toEqual([...expected].sort());
  });

  it('keeps the Secret as ciphertext', async () => {
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(PLAINTEXT);
    expect(text).toMatch(/"key":"\/registry\/core\/secrets\/acme\/db","value":"k8s:enc:aesgcm:v1:k1:/);
  });

  it('refuses a restore whose config cannot decrypt the Secret, naming it', async () => {
    const check = new SecretCheck(SECRETS, OTHER_KEY, 'give the key');
    await expect(
      verifyBackupFile(file, (e) => {
        check.check(e);
      }),
    ).rejects.toThrow(
      'cannot restore: secret acme/db does not decrypt with key k1 of provider aesgcm: wrong key, or the data was altered or moved',
    );
  });

  it('restores every key with the same bytes into the other store kind', async () => {
    const header = await verifyBackupFile(file);
    const target = to === 'embedded' ? await embedded(`dst-${to}`, header.revision) : await etcd();
    await requireEmpty(target, to);
    const advanced = await advanceRevision(target, header.revision);
    expect(advanced).toBeGreaterThan(header.revision);
    expect(await target.get(REVISION_MARKER)).toBeUndefined();
    const done = await restoreEntries(target, backupEntries(file), { leaseTtlSeconds: 600 });
    expect(done.restored).toBe(header.objects);
    expect(done.leases).toBe(1);
    const got = await allKeys(target);
    const want = await entriesOf(file);
    expect(got.size).toBe(want.length);
    for (const e of want) expect(got.get(e.key)?.value).toBe(e.value);
    expect(got.get('/registry/orgplane.io/auditevents/acme/e1')?.lease).not.toBe(0);
    const secret = await encryptedStorage(target, SECRETS, KEY).get(`${SECRETS}acme/db`);
    expect(JSON.parse(secret?.value ?? '{}')).toEqual({ kind: 'Secret', data: { password: PLAINTEXT } });
    expect(done.revision).toBeGreaterThan(advanced);
    for (const kv of (await target.list('/')).items) expect(kv.modRevision).toBeGreaterThan(header.revision);
    if (to === 'embedded') {
      await expect(target.list('/', { revision: header.revision - 1 })).rejects.toMatchObject({
        code: 'Expired',
      });
    }
    await expect(requireEmpty(target, to)).rejects.toThrow(BackupError);
    await expect(requireEmpty(target, to)).rejects.toThrow(/is not empty \(it holds \/registry\//);
  });
});
