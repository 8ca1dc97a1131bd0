/**
 * The files of an audit log in write order, as rotation names them (rotating-file.ts): <name>.N
 * (oldest) … <name>.1, then <name> (being written). Given a directory, the log is the one base
 * name there (a `*.log` file or the base of rotated `*.N` files); given a file, its base name.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { LogFile } from './verify-parse.js';

const ROTATED = /^(.+)\.(\d+)$/;

export interface LogFiles {
  readonly files: LogFile[];
  /** rotated files absent between the oldest and the newest (removed) */
  readonly missing: string[];
}

function baseOf(names: readonly string[], dir: string): string {
  const bases = new Set<string>();
  for (const n of names) {
    const m = ROTATED.exec(n);
    if (m?.[1] !== undefined) bases.add(m[1]);
    else if (n.endsWith('.log')) bases.add(n);
  }
  if (bases.size === 1) return [...bases][0] ?? '';
  if (bases.size === 0) throw new Error(`no audit log in ${dir}`);
  throw new Error(`several audit logs in ${dir} (${[...bases].sort().join(', ')}): name one of the files`);
}

export async function logFilesIn(path: string): Promise<LogFiles> {
  const isDir = (await stat(path)).isDirectory();
  const dir = isDir ? path : dirname(path);
  const names = await readdir(dir);
  const base = isDir ? baseOf(names, dir) : (ROTATED.exec(basename(path))?.[1] ?? basename(path));
  const numbers = names
    .map((n) => ROTATED.exec(n))
    .filter((m): m is RegExpExecArray => m?.[1] === base)
    .map((m) => Number(m[2]))
    .sort((a, b) => b - a);
  const oldest = numbers[0] ?? 0;
  const present = new Set(numbers);
  const missing: string[] = [];
  for (let n = oldest - 1; n >= 1; n--) if (!present.has(n)) missing.push(`${base}.${String(n)}`);
  const ordered = [...numbers.map((n) => `${base}.${String(n)}`), ...(names.includes(base) ? [base] : [])];
  return {
    files: ordered.map((name) => ({ name, read: () => readFile(join(dir, name), 'utf8') })),
    missing,
  };
}
