/**
 * First-start TLS material: a self-signed CA and a serving certificate it signs (generate-certs.ts).
 * Files are kept in the data dir and reused; keys are written with mode 0600.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { TlsMaterial } from './generate-certs.js';

export type { TlsMaterial };

/** Load the data dir's TLS files, generating them on first start. */
export async function ensureTls(dataDir: string, now = new Date()): Promise<TlsMaterial> {
  const paths = {
    caCert: join(dataDir, 'ca.crt'),
    cert: join(dataDir, 'apiserver.crt'),
    key: join(dataDir, 'apiserver.key'),
  };
  if (existsSync(paths.caCert) && existsSync(paths.cert) && existsSync(paths.key)) {
    const [caCert, cert, key] = await Promise.all([
      readFile(paths.caCert, 'utf8'),
      readFile(paths.cert, 'utf8'),
      readFile(paths.key, 'utf8'),
    ]);
    return { caCert, cert, key };
  }
  const { generateTls } = await import('./generate-certs.js');
  const m = await generateTls(now);
  await writeFile(paths.caCert, m.caCert, { mode: 0o644 });
  await writeFile(paths.cert, m.cert, { mode: 0o644 });
  await writeFile(paths.key, m.key, { mode: 0o600 });
  return m;
}
