import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WatchEvent } from '../interface.js';
import { Batcher } from './batcher.js';
import { openDbs, readRevision } from './db.js';
import type { Dbs } from './db.js';
import { getAt } from './mvcc.js';
import { createOp } from './ops.js';
import type { WriteOp } from './ops.js';

let dir: string;
let dbs: Dbs;
let commits: { events: readonly WatchEvent[]; revision: number }[];
let batcher: Batcher;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'orgplane-batch-'));
  dbs = openDbs(dir);
  commits = [];
  batcher = new Batcher(dbs, {
    onCommit: (events, revision) => {
      commits.push({ events, revision });
    },
  });
});

afterEach(async () => {
  await batcher.close();
  await dbs.env.close();
  rmSync(dir, { recursive: true, force: true });
});

/** An operation that writes and then fails unexpectedly (a bug, a full disk, ...). */
const brokenOp: WriteOp<never> = {
  apply(m) {
    m.put('/broken', 'half-written', 0);
    throw new Error('disk on fire');
  },
};

describe('Batcher', () => {
  it('commits concurrent writes in one transaction with one revision each, in order', async () => {
    const kvs = await Promise.all(['/a', '/b', '/c'].map((k) => batcher.submit(createOp(k, 'v', 0))));
    expect(kvs.map((kv) => kv.modRevision)).toEqual([2, 3, 4]);
    expect(commits).toHaveLength(1);
    expect(commits[0]?.revision).toBe(4);
    expect(commits[0]?.events.map((e) => e.revision)).toEqual([2, 3, 4]);
    expect(readRevision(dbs)).toBe(4);
  });

  it('rolls back an operation that fails half-way and still commits the others', async () => {
    const results = await Promise.allSettled([
      batcher.submit(createOp('/a', 'v', 0)),
      batcher.submit(brokenOp),
      batcher.submit(createOp('/b', 'v', 0)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const [, failed] = results;
    expect(failed.status === 'rejected' && (failed.reason as { code?: string }).code).toBe('Unavailable');
    expect(getAt(dbs, '/broken', readRevision(dbs))).toBeUndefined();
    expect(readRevision(dbs)).toBe(3);
    expect(commits.flatMap((c) => c.events.map((e) => [e.key, e.revision]))).toEqual([
      ['/a', 2],
      ['/b', 3],
    ]);
  });

  it('refuses writes after close', async () => {
    await batcher.close();
    await expect(batcher.submit(createOp('/a', 'v', 0))).rejects.toMatchObject({ code: 'Unavailable' });
  });
});
