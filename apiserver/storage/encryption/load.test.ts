import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GENERATED_CONFIG, loadEncryption } from './load.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'orgplane-enc-load-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('loadEncryption', () => {
  it('generates one 32-byte aesgcm key in the data dir (mode 0600) on first start, then reuses it', async () => {
    const now = (): Date => new Date('2026-12-06T10:00:00Z');
    const first = await loadEncryption({ dataDir: dir, now });
    expect(first).toMatchObject({ path: join(dir, GENERATED_CONFIG), generated: true });
    expect(first.providers).toEqual([
      { type: 'aesgcm', keys: [{ name: 'key-20261206', secret: expect.any(Buffer) }] },
    ]);
    const [p] = first.providers;
    expect(p?.type === 'aesgcm' ? p.keys[0]?.secret.length : 0).toBe(32);
    expect((await stat(first.path)).mode & 0o777).toBe(0o600);
    expect(await readFile(first.path, 'utf8')).toContain('without it every stored Secret is lost');
    const again = await loadEncryption({ dataDir: dir });
    expect(again.generated).toBe(false);
    expect(again.providers).toEqual(first.providers);
  });

  it('servers starting together on one data dir agree on one key', async () => {
    const all = await Promise.all([1, 2, 3, 4].map(() => loadEncryption({ dataDir: dir })));
    expect(all.filter((l) => l.generated)).toHaveLength(1);
    for (const l of all) expect(l.providers).toEqual(all[0]?.providers);
  });

  it('reads --encryption-provider-config instead, and names an unreadable or invalid file', async () => {
    const file = join(dir, 'enc.yaml');
    await writeFile(
      file,
      'apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n- {resources: [secrets], providers: [{identity: {}}]}\n',
    );
    expect(await loadEncryption({ dataDir: dir, configFile: file })).toEqual({
      providers: [{ type: 'identity' }],
      path: file,
      generated: false,
    });
    await expect(loadEncryption({ dataDir: dir, configFile: join(dir, 'none.yaml') })).rejects.toThrow(
      `cannot read --encryption-provider-config ${join(dir, 'none.yaml')} (ENOENT)`,
    );
    await writeFile(
      file,
      'apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources: []\n',
    );
    await expect(loadEncryption({ dataDir: dir, configFile: file })).rejects.toThrow(
      `${file}: resources: must be a non-empty list`,
    );
  });
});
