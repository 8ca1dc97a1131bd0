import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedStorage } from './index.js';
import { lockDataDir } from './lock.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'orgplane-lock-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('data directory lock', () => {
  it('refuses a second open of the same directory until the first closes', async () => {
    const first = await openEmbeddedStorage({ path: dir, leaseCheckIntervalMs: 0 });
    await expect(openEmbeddedStorage({ path: dir, leaseCheckIntervalMs: 0 })).rejects.toMatchObject({
      code: 'Unavailable',
    });
    await first.close();
    expect(existsSync(join(dir, 'orgplane.lock'))).toBe(false);
    const second = await openEmbeddedStorage({ path: dir, leaseCheckIntervalMs: 0 });
    await second.close();
  });

  it('refuses a directory owned by a live process and takes over one left by a dead process', () => {
    writeFileSync(join(dir, 'orgplane.lock'), `${process.ppid}\n`);
    expect(() => lockDataDir(dir)).toThrow(/in use by process/);
    const gone = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid;
    writeFileSync(join(dir, 'orgplane.lock'), `${gone}\n`);
    const release = lockDataDir(dir);
    release();
  });
});
