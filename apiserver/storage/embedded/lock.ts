/**
 * One process per data directory: the embedded store keeps its watchers and write queue in
 * memory, so a second process writing the same LMDB files would leave them blind. A pid file
 * marks the owner; a file left by a dead process (crash, SIGKILL) is taken over.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { unavailable } from '../errors.js';
import { processAlive } from '../process.js';

const heldHere = new Set<string>();

function owner(file: string): number {
  try {
    return Number(readFileSync(file, 'utf8').trim());
  } catch {
    return 0;
  }
}

/** Take the directory's lock; returns its release function. Unavailable when another owner lives. */
export function lockDataDir(dir: string): () => void {
  const path = resolve(dir);
  const file = join(path, 'orgplane.lock');
  if (heldHere.has(path)) throw unavailable(`embedded storage at ${path} is already open in this process`);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      heldHere.add(path);
      return () => {
        heldHere.delete(path);
        rmSync(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const pid = owner(file);
    if (pid !== process.pid && processAlive(pid)) {
      throw unavailable(`embedded storage at ${path} is in use by process ${pid}`);
    }
    rmSync(file, { force: true }); // left behind by a process that is gone
  }
  throw unavailable(`cannot lock embedded storage at ${path}`);
}
