/**
 * `GET /backup`: a consistent snapshot of the whole store streamed in the backup file format
 * (storage/backup/format.ts), for `orgplane backup --kubeconfig` against a running server (the
 * embedded store admits one process only). A non-resource URL, so only cluster-admin holds it by
 * default. Read from the backend below the encryption: Secrets leave as ciphertext. A failure
 * after the first byte cuts the stream, which the reader refuses as truncated.
 */
import type { Router, Request, Response } from 'express';
import type winston from 'winston';
import { snapshotLines, takeSnapshot } from '../storage/backup/snapshot.js';
import type { Storage } from '../storage/interface.js';

export const BACKUP_PATH = '/backup';

export function mountBackup(app: Router, backend: Storage, logger: winston.Logger): void {
  app.get(BACKUP_PATH, async (_req: Request, resp: Response) => {
    const snap = await takeSnapshot(backend);
    resp.status(200);
    resp.setHeader('Content-Type', 'application/x-ndjson');
    resp.setHeader('Orgplane-Backup-Revision', String(snap.revision));
    resp.setHeader('Orgplane-Backup-Objects', String(snap.objects));
    try {
      for await (const line of snapshotLines(snap)) {
        if (resp.destroyed) return;
        if (!resp.write(line))
          await new Promise((resolve) => {
            resp.once('drain', resolve);
            resp.once('close', resolve);
          });
      }
      resp.end();
      logger.info('backup streamed', { revision: snap.revision, objects: snap.objects });
    } catch (err) {
      logger.warn('backup stream failed', { error: err instanceof Error ? err.message : String(err) });
      resp.destroy();
    }
  });
}
