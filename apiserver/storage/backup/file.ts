/**
 * Backup files on disk: read as lines, verified whole before anything acts on them, and written
 * atomically (a temporary file renamed into place once complete, mode 0600: it may hold Secrets'
 * ciphertext and every object of every tenant).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { BackupError, decodeBackup, type BackupEntry, type BackupHeader } from './format.js';

/** The lines of a file without their "\n"; a missing file is a one-line BackupError. */
export async function* fileLines(path: string): AsyncGenerator<string> {
  const stream = createReadStream(path, { encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => {
    stream.once('open', () => {
      resolve();
    });
    stream.once('error', (err: NodeJS.ErrnoException) => {
      reject(new BackupError(`cannot read ${path}${err.code ? ` (${err.code})` : ''}`));
    });
  });
  await opened;
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  try {
    yield* rl;
  } finally {
    rl.close();
    stream.destroy();
  }
}

/** The header and entries of a backup file (checksum verified at the end of the iteration). */
export async function* readBackupFile(path: string): AsyncGenerator<BackupHeader | BackupEntry> {
  yield* decodeBackup(fileLines(path));
}

/** Reads the whole file, calling onEntry for each entry; resolves to the header once verified. */
export async function verifyBackupFile(
  path: string,
  onEntry: (e: BackupEntry) => void = () => undefined,
): Promise<BackupHeader> {
  let header: BackupHeader | undefined;
  for await (const item of readBackupFile(path)) {
    if ('format' in item) header = item;
    else onEntry(item);
  }
  if (!header) throw new BackupError('backup is empty');
  return header;
}

/** The entries of a verified backup file (verified again as they are read). */
export async function* backupEntries(path: string): AsyncGenerator<BackupEntry> {
  for await (const item of readBackupFile(path)) if (!('format' in item)) yield item;
}

/** Writes chunks to path atomically: a partial file never appears under the name. */
export async function writeFileAtomically(
  path: string,
  chunks: AsyncIterable<string | Buffer>,
): Promise<void> {
  const tmp = `${path}.${String(process.pid)}.partial`;
  const out = createWriteStream(tmp, { mode: 0o600 });
  try {
    for await (const chunk of chunks) if (!out.write(chunk)) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
    await rename(tmp, path);
  } catch (err) {
    out.destroy();
    await rm(tmp, { force: true });
    throw err;
  }
}
