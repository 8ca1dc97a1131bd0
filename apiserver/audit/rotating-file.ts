/**
 * A winston transport appending audit records, hash-chained (chained-log.ts), to a file rotated by
 * size, logrotate style: the file being written keeps its name, older ones are <name>.1 (newest)
 * … <name>.N; past maxBackups the oldest is removed. A file is closed by a signed digest line
 * before it is rotated, and a digest is written on request (the log's interval) and at the end.
 * Writes are serialized and acknowledged only once on disk, so ending the logger loses nothing
 * (winston's File transport can drop lines while it rotates). The path "-" writes to stdout.
 */
import { mkdir, open, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import winston from 'winston';
import type TransportStreamClass from 'winston-transport';
import { summarize, type ChainedLog, type FileSummary } from './chained-log.js';
import type { DigestReason } from './digest.js';

/** winston's Transport base class (typed by winston-transport, exported at runtime as winston.Transport). */
const TransportStream = (winston as unknown as { Transport: typeof TransportStreamClass }).Transport;

/** Set on a log entry: called once its lines are written (or failed). */
export const WRITTEN = Symbol('written');
/** Set on a log entry: the records to append, each one JSON object text. */
export const RECORDS = Symbol('records');
/** Set on a log entry: write a digest (when records were written since the last one). */
export const DIGEST = Symbol('digest');

export interface LogEntry {
  readonly message: string;
  readonly [WRITTEN]?: (err?: Error) => void;
  readonly [RECORDS]?: readonly string[];
  readonly [DIGEST]?: DigestReason;
}

export interface RotatingFileOptions {
  readonly path: string;
  readonly maxSizeBytes: number;
  readonly maxBackups: number;
  readonly chain: ChainedLog;
}

/** Room kept in a file for its closing digest line (a digest is about 550 bytes). */
const DIGEST_ROOM = 1024;

const missingOk = (err: unknown): void => {
  if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
};

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    missingOk(err);
    return undefined;
  }
}

export class RotatingFileTransport extends TransportStream {
  private file: FileHandle | undefined;
  private size = 0;
  private resumed = false;

  constructor(private readonly opts: RotatingFileOptions) {
    super({ level: 'info' });
  }

  /** write the closing digest and close the file once every line is written, before 'finish' */
  override _final(callback: (error?: Error | null) => void): void {
    const close = async (): Promise<void> => {
      if (this.resumed && this.opts.chain.uncovered > 0) await this.digest('shutdown');
      const file = this.file;
      this.file = undefined;
      await file?.close();
    };
    close().then(
      () => {
        callback();
      },
      (err: unknown) => {
        callback(err instanceof Error ? err : new Error(String(err)));
      },
    );
  }

  override log(info: LogEntry, next: () => void): void {
    const reason = info[DIGEST];
    const work = reason !== undefined ? this.digestIfDue(reason) : this.append(info[RECORDS] ?? []);
    work.then(
      () => {
        info[WRITTEN]?.();
        next();
      },
      (err: unknown) => {
        info[WRITTEN]?.(err instanceof Error ? err : new Error(String(err)));
        next();
      },
    );
  }

  private async digestIfDue(reason: DigestReason): Promise<void> {
    if (this.resumed && this.opts.chain.uncovered > 0) await this.digest(reason);
  }

  private async digest(reason: DigestReason): Promise<void> {
    const line = await this.opts.chain.digest(reason);
    if (line) await this.appendChunks([line]);
  }

  /** Link and append the records, rotating before a line would leave no room for the closing digest. */
  private async append(records: readonly string[]): Promise<void> {
    await this.resume();
    const { chain, maxSizeBytes } = this.opts;
    const rotates = this.opts.path !== '-';
    let pending: Buffer[] = [];
    let pendingSize = 0;
    for (const json of records) {
      const line = chain.link(json);
      const used = this.size + pendingSize;
      if (rotates && used > 0 && used + line.bytes.length + DIGEST_ROOM > maxSizeBytes) {
        await this.appendChunks(pending);
        pending = [];
        pendingSize = 0;
        await this.digest('rotation');
        await this.rotate();
        chain.newFile();
      }
      pending.push(line.bytes);
      pendingSize += line.bytes.length;
      chain.placed(line);
    }
    await this.appendChunks(pending);
  }

  private async appendChunks(chunks: readonly Buffer[]): Promise<void> {
    if (chunks.length === 0) return;
    const data = chunks.length === 1 ? (chunks[0] ?? Buffer.alloc(0)) : Buffer.concat(chunks);
    if (this.opts.path === '-') {
      await new Promise<void>((resolve, reject) => {
        process.stdout.write(data, (err) => {
          if (err) reject(err);
          else resolve();
        });
      });
      return;
    }
    const file = this.file ?? (await this.openFile());
    await file.appendFile(data);
    this.size += data.length;
  }

  /** Once: continue the chain from the files already there (a restarted server). */
  private async resume(): Promise<void> {
    if (this.resumed) return;
    const { path, chain } = this.opts;
    if (path === '-') {
      this.resumed = true;
      return;
    }
    const text = await readIfExists(path);
    const current = summarize(text ?? '');
    let previous: FileSummary | undefined;
    if (!current.head) previous = summarize((await readIfExists(`${path}.1`)) ?? '');
    chain.resume(current, previous);
    this.resumed = true;
    // a line cut short by a crash stays (verify reports it); the next line starts on its own
    if (text !== undefined && text !== '' && !text.endsWith('\n'))
      await this.appendChunks([Buffer.from('\n')]);
  }

  private async openFile(): Promise<FileHandle> {
    await mkdir(dirname(this.opts.path), { recursive: true, mode: 0o700 });
    const file = await open(this.opts.path, 'a', 0o600);
    this.size = (await file.stat()).size;
    this.file = file;
    return file;
  }

  private async rotate(): Promise<void> {
    await this.file?.close();
    this.file = undefined;
    this.size = 0;
    const { path, maxBackups } = this.opts;
    if (maxBackups <= 0) {
      await rm(path, { force: true });
      return;
    }
    await rm(`${path}.${String(maxBackups)}`, { force: true });
    for (let i = maxBackups - 1; i >= 0; i--) {
      const from = i === 0 ? path : `${path}.${String(i)}`;
      try {
        await rename(from, `${path}.${String(i + 1)}`);
      } catch (err) {
        missingOk(err);
      }
    }
  }
}
