/**
 * The backup file: JSON lines, UTF-8, each line ending in "\n".
 *
 *   line 1     header  {"format":"orgplane-backup","version":1,"revision":R,"objects":N,"store":...,"createdAt":...}
 *   N lines    entry   {"key":"/registry/...","value":"<stored bytes>"} (+ "lease":id when the key had one)
 *   last line  trailer {"end":true,"objects":N,"sha256":"<hex>"}
 *
 * `value` is the value as storage holds it (objects without resourceVersion; Secrets as ciphertext).
 * The trailer's sha256 covers every byte before the trailer line. A reader refuses, with one
 * line, a file that is not a backup, has a newer version, is truncated or fails its checksum.
 */
import { createHash } from 'node:crypto';

export const FORMAT = 'orgplane-backup';
export const FORMAT_VERSION = 1;

export interface BackupHeader {
  readonly format: typeof FORMAT;
  readonly version: number;
  /** every entry is the store's content at this revision */
  readonly revision: number;
  readonly objects: number;
  /** the backend it was read from: 'embedded' | 'etcd' */
  readonly store: string;
  readonly createdAt: string;
}

export interface BackupEntry {
  readonly key: string;
  readonly value: string;
  /** the lease the key was attached to in the source store (an id there, meaningless elsewhere) */
  readonly lease?: number;
}

/** A refusal to read or restore a backup; the message is one line. */
export class BackupError extends Error {
  override readonly name = 'BackupError';
}

/** The lines of a backup (each with its "\n"): header, entries, trailer with the checksum. */
export async function* encodeBackup(
  header: Omit<BackupHeader, 'format' | 'version'>,
  entries: AsyncIterable<BackupEntry> | Iterable<BackupEntry>,
): AsyncGenerator<string> {
  const hash = createHash('sha256');
  const emit = (obj: unknown): string => {
    const line = `${JSON.stringify(obj)}\n`;
    hash.update(line, 'utf8');
    return line;
  };
  yield emit({ format: FORMAT, version: FORMAT_VERSION, ...header });
  let count = 0;
  for await (const e of entries) {
    count++;
    yield emit(e.lease ? { key: e.key, value: e.value, lease: e.lease } : { key: e.key, value: e.value });
  }
  if (count !== header.objects)
    throw new BackupError(`the snapshot held ${count} objects, ${header.objects} were expected`);
  yield `${JSON.stringify({ end: true, objects: count, sha256: hash.digest('hex') })}\n`;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

function parse(line: string, what: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    throw new BackupError(`backup is corrupted: ${what} is not JSON`);
  }
  if (!isObject(v)) throw new BackupError(`backup is corrupted: ${what} is not a JSON object`);
  return v;
}

export function parseHeader(line: string | undefined): BackupHeader {
  if (line === undefined || line === '') throw new BackupError('backup is empty');
  let h: Record<string, unknown>;
  try {
    h = parse(line, 'the header');
  } catch {
    if (`{"format":"${FORMAT}"`.startsWith(line.slice(0, 27)))
      throw new BackupError('backup is truncated or corrupted: its header is not JSON');
    throw new BackupError('not an orgplane backup (the first line is no backup header)');
  }
  if (h.format !== FORMAT)
    throw new BackupError('not an orgplane backup (the first line is no backup header)');
  if (!Number.isSafeInteger(h.version) || (h.version as number) < 1)
    throw new BackupError('backup header has no valid format version');
  if ((h.version as number) > FORMAT_VERSION)
    throw new BackupError(
      `backup format version ${String(h.version)} is newer than this orgplane reads (${FORMAT_VERSION}): use a newer orgplane`,
    );
  if (!isCount(h.revision) || !isCount(h.objects) || typeof h.store !== 'string')
    throw new BackupError('backup is corrupted: the header lacks revision, objects or store');
  return h as unknown as BackupHeader;
}

function parseEntry(line: string, n: number): BackupEntry | { end: true; objects: unknown; sha256: unknown } {
  const v = parse(line, `line ${n}`);
  if (v.end === true) return { end: true, objects: v.objects, sha256: v.sha256 };
  if (typeof v.key !== 'string' || !v.key.startsWith('/') || typeof v.value !== 'string')
    throw new BackupError(`backup is corrupted: line ${n} is no entry`);
  if (v.lease !== undefined && !(isCount(v.lease) && v.lease > 0))
    throw new BackupError(`backup is corrupted: line ${n} has an invalid lease`);
  return v.lease === undefined
    ? { key: v.key, value: v.value }
    : { key: v.key, value: v.value, lease: v.lease };
}

/**
 * Reads a backup's lines (without their "\n"), yielding the header first and then each entry;
 * throws a BackupError as soon as the file is found bad, the checksum and counts only at the end.
 * A consumer that must not act on a bad file reads it whole once before acting.
 */
export async function* decodeBackup(
  lines: AsyncIterable<string> | Iterable<string>,
): AsyncGenerator<BackupHeader | BackupEntry> {
  const hash = createHash('sha256');
  let header: BackupHeader | undefined;
  let n = 0;
  let count = 0;
  let trailer: { objects: unknown; sha256: unknown } | undefined;
  for await (const line of lines) {
    n++;
    if (line === '') continue;
    if (trailer !== undefined) {
      throw new BackupError(`backup is corrupted: line ${n} follows the trailer`);
    }
    if (header === undefined) {
      header = parseHeader(line);
      hash.update(`${line}\n`, 'utf8');
      yield header;
      continue;
    }
    const e = parseEntry(line, n);
    if ('end' in e) {
      trailer = e;
      continue;
    }
    hash.update(`${line}\n`, 'utf8');
    count++;
    yield e;
  }
  if (header === undefined) throw new BackupError('backup is empty');
  if (trailer === undefined)
    throw new BackupError(`backup is truncated: no trailer after ${count} of ${header.objects} objects`);
  if (trailer.objects !== count || header.objects !== count)
    throw new BackupError(
      `backup is corrupted: it holds ${count} objects, the header says ${header.objects} and the trailer ${String(trailer.objects)}`,
    );
  if (trailer.sha256 !== hash.digest('hex')) throw new BackupError('backup is corrupted: checksum mismatch');
}
