/**
 * A winston transport appending each message (one or more lines) to a file rotated by size, logrotate
 * style: the file being written keeps its name, older ones are <name>.1 (newest) … <name>.N; past
 * maxBackups the oldest is removed. Writes are serialized and acknowledged only once on disk, so
 * ending the logger loses nothing (winston's File transport can drop lines while it rotates).
 * The path "-" writes to stdout.
 */
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import winston from 'winston';
import type TransportStreamClass from 'winston-transport';

/** winston's Transport base class (typed by winston-transport, exported at runtime as winston.Transport). */
const TransportStream = (winston as unknown as { Transport: typeof TransportStreamClass }).Transport;

/** Set on a log entry: called once its lines are written (or failed). */
export const WRITTEN = Symbol('written');

export interface LogEntry {
  readonly message: string;
  readonly [WRITTEN]?: (err?: Error) => void;
}

export interface RotatingFileOptions {
  readonly path: string;
  readonly maxSizeBytes: number;
  readonly maxBackups: number;
}

const missingOk = (err: unknown): void => {
  if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
};

export class RotatingFileTransport extends TransportStream {
  private file: FileHandle | undefined;
  private size = 0;

  constructor(private readonly opts: RotatingFileOptions) {
    super({ level: 'info' });
  }

  /** close the file once every line is written, before 'finish' */
  override _final(callback: (error?: Error | null) => void): void {
    const file = this.file;
    this.file = undefined;
    if (!file) {
      callback();
      return;
    }
    file.close().then(
      () => {
        callback();
      },
      (err: unknown) => {
        callback(err instanceof Error ? err : new Error(String(err)));
      },
    );
  }

  override log(info: LogEntry, next: () => void): void {
    const text = info.message.endsWith('\n') ? info.message : `${info.message}\n`;
    this.append(Buffer.from(text)).then(
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

  /** Append whole lines, rotating before a line would pass the size limit (a file holds at least one). */
  private async append(data: Buffer): Promise<void> {
    if (this.opts.path === '-') {
      await new Promise<void>((resolve, reject) => {
        process.stdout.write(data, (err) => {
          if (err) reject(err);
          else resolve();
        });
      });
      return;
    }
    let rest = data;
    while (rest.length > 0) {
      const file = this.file ?? (await this.openFile());
      const room = this.opts.maxSizeBytes - this.size;
      if (rest.length <= room) {
        await file.appendFile(rest);
        this.size += rest.length;
        return;
      }
      let cut = room > 0 ? rest.lastIndexOf(0x0a, room - 1) + 1 : 0;
      if (cut === 0 && this.size === 0) cut = rest.indexOf(0x0a) + 1 || rest.length;
      if (cut > 0) {
        await file.appendFile(rest.subarray(0, cut));
        this.size += cut;
        rest = rest.subarray(cut);
      }
      if (rest.length > 0) await this.rotate();
    }
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
