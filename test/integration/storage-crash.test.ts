/**
 * Crash safety of the embedded backend: a child process writes in a loop and reports every
 * acknowledged write; after a SIGKILL mid-stream every acknowledged write must be there and the
 * revision counter must continue from where it stopped.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedStorage } from '../../apiserver/storage/embedded/index.js';

const WRITER = join(import.meta.dirname, '..', 'support', 'embedded-crash-writer.ts');

interface Ack {
  readonly revision: number;
  readonly key: string;
}

/** Runs the writer until it has acknowledged `acks` writes, SIGKILLs it and returns every ack it printed. */
function writeThenKill(path: string, run: string, acks: number): Promise<Ack[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, path, run], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const seen: Ack[] = [];
    let buffered = '';
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const [rev, key] = line.split(' ');
        if (rev === 'ready' || key === undefined) continue;
        seen.push({ revision: Number(rev), key });
      }
      if (!killed && seen.length >= acks) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(seen);
      else reject(new Error(`writer exited without being killed: ${stderr}`));
    });
  });
}

describe('embedded storage crash safety', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'orgplane-crash-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged write across SIGKILLs and continues the revision counter', async () => {
    const acked: Ack[] = [];
    for (const [run, count] of [
      ['one', 400],
      ['two', 250],
    ] as const) {
      acked.push(...(await writeThenKill(dir, run, count)));
      const store = await openEmbeddedStorage({ path: dir, leaseCheckIntervalMs: 0 });
      try {
        for (const ack of acked) {
          const kv = await store.get(ack.key);
          expect(kv).toMatchObject({ key: ack.key, modRevision: ack.revision, value: `value-${ack.key}` });
        }
        const current = await store.currentRevision();
        expect(current).toBeGreaterThanOrEqual(Math.max(...acked.map((a) => a.revision)));
        // every revision is exactly one create: no torn or lost transaction below the counter
        expect(await store.count('/')).toBe(current - 1);
        const revisions = (await store.list('/')).items.map((kv) => kv.modRevision).sort((a, b) => a - b);
        expect(revisions).toEqual(Array.from({ length: current - 1 }, (_, i) => i + 2));
        const next = await store.create(`/after/${run}`, 'x');
        expect(next.modRevision).toBe(current + 1);
      } finally {
        await store.close();
      }
    }
  }, 60_000);
});
