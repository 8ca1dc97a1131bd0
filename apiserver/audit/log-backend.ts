/**
 * The audit log: one JSON line per event through winston (one message per batch), into a file
 * rotated by size (see rotating-file.ts) or stdout for the path "-". A batch is done when its lines
 * are written, so the buffer in front bounds what waits for a slow disk.
 */
import winston from 'winston';
import { RotatingFileTransport, WRITTEN } from './rotating-file.js';
import type { AuditBackend, AuditRecord } from './types.js';

export interface LogBackendOptions {
  /** file path, or "-" for stdout */
  readonly path: string;
  /** rotate before the file would pass this many bytes (default 100 MiB) */
  readonly maxSizeBytes?: number;
  /** rotated files kept besides the current one (default 10) */
  readonly maxBackups?: number;
}

export function logBackend(opts: LogBackendOptions): AuditBackend {
  const transport = new RotatingFileTransport({
    path: opts.path,
    maxSizeBytes: opts.maxSizeBytes ?? 100 * 1024 * 1024,
    maxBackups: opts.maxBackups ?? 10,
  });
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- a winston TransportStream
  const logger = winston.createLogger({ level: 'info', transports: [transport] });
  let closed = false;
  const write = (batch: readonly AuditRecord[]): Promise<void> =>
    new Promise((resolve, reject) => {
      logger.log({
        level: 'info',
        message: batch.map((r) => JSON.stringify(r)).join('\n'),
        [WRITTEN]: (err?: Error) => {
          if (err) reject(err);
          else resolve();
        },
      });
    });
  return {
    name: 'log',
    async process(batch: readonly AuditRecord[]): Promise<void> {
      if (closed) throw new Error('audit log is closed');
      if (batch.length > 0) await write(batch);
    },
    shutdown(): Promise<void> {
      if (closed) return Promise.resolve();
      closed = true;
      return new Promise((resolve) => {
        const timer = setTimeout(resolve, 5000);
        transport.once('finish', () => {
          clearTimeout(timer);
          resolve();
        });
        logger.end();
      });
    },
  };
}
