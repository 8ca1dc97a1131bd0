/**
 * The audit log: one JSON line per event through winston (one message per batch), hash-chained
 * and closed by signed digests (chain.ts, digest.ts), into a file rotated by size (see
 * rotating-file.ts) or stdout for the path "-". A batch is done when its lines are written, so the
 * buffer in front bounds what waits for a slow disk. Every digest interval a digest is written
 * when records were written since the last one.
 */
import winston from 'winston';
import { ChainedLog } from './chained-log.js';
import type { DigestKey, DigestReason } from './digest.js';
import { DIGEST, RECORDS, RotatingFileTransport, WRITTEN } from './rotating-file.js';
import type { AuditBackend, AuditRecord } from './types.js';
import { recordJson } from './record-json.js';

export interface LogBackendOptions {
  /** file path, or "-" for stdout */
  readonly path: string;
  /** rotate before the file would pass this many bytes (default 100 MiB) */
  readonly maxSizeBytes?: number;
  /** rotated files kept besides the current one (default 10) */
  readonly maxBackups?: number;
  /** signs the digests (the server's active token signing key); omitted: no digests */
  readonly signingKey?: () => DigestKey;
  /** a digest at least this often while records are written (default 300 s) */
  readonly digestIntervalSeconds?: number;
  /** a digest that could not be signed or written (the records are written nevertheless) */
  readonly onDigestError?: (err: unknown) => void;
  readonly now?: () => Date;
}

export function logBackend(opts: LogBackendOptions): AuditBackend {
  const intervalSeconds = opts.digestIntervalSeconds ?? 300;
  const chain = new ChainedLog({
    ...(opts.signingKey ? { signingKey: opts.signingKey } : {}),
    intervalSeconds,
    now: opts.now ?? ((): Date => new Date()),
    ...(opts.onDigestError ? { onDigestError: opts.onDigestError } : {}),
  });
  const transport = new RotatingFileTransport({
    path: opts.path,
    maxSizeBytes: opts.maxSizeBytes ?? 100 * 1024 * 1024,
    maxBackups: opts.maxBackups ?? 10,
    chain,
  });
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- a winston TransportStream
  const logger = winston.createLogger({ level: 'info', transports: [transport] });
  let closed = false;
  const send = (entry: { [RECORDS]?: string[]; [DIGEST]?: DigestReason }): Promise<void> =>
    new Promise((resolve, reject) => {
      logger.log({
        level: 'info',
        message: '',
        ...entry,
        [WRITTEN]: (err?: Error) => {
          if (err) reject(err);
          else resolve();
        },
      });
    });
  const timer = opts.signingKey
    ? setInterval(() => {
        if (!closed) send({ [DIGEST]: 'interval' }).catch((err: unknown) => opts.onDigestError?.(err));
      }, intervalSeconds * 1000)
    : undefined;
  timer?.unref();
  return {
    name: 'log',
    async process(batch: readonly AuditRecord[]): Promise<void> {
      if (closed) throw new Error('audit log is closed');
      if (batch.length > 0) await send({ [RECORDS]: batch.map(recordJson) });
    },
    shutdown(): Promise<void> {
      if (closed) return Promise.resolve();
      closed = true;
      clearInterval(timer);
      return new Promise((resolve) => {
        const done = setTimeout(resolve, 5000);
        transport.once('finish', () => {
          clearTimeout(done);
          resolve();
        });
        logger.end();
      });
    },
  };
}
