import { describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeAbandoned } from './watch-cache.js';

describe('removeAbandoned', () => {
  it('removes the spill files of processes that are not running, and only those', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'spills-'));
    try {
      // above Linux's highest pid (2^22): no such process
      const gone = String(2 ** 22 + 1);
      for (const name of [gone, String(process.pid), String(process.ppid), 'notes'])
        await mkdir(join(parent, name));
      await removeAbandoned(parent);
      expect((await readdir(parent)).sort()).toEqual(
        [String(process.pid), String(process.ppid), 'notes'].sort(),
      );
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });

  it('is content with a parent that does not exist yet', async () => {
    await expect(removeAbandoned(join(tmpdir(), 'no-such-spill-parent'))).resolves.toBeUndefined();
  });
});
