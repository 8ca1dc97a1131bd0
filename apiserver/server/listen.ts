/** The HTTPS listener and the URL clients use for it. */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { RequestListener } from 'node:http';
import { ensureTls } from '../bootstrap/certs.js';

export interface TlsFiles {
  readonly dataDir: string;
  readonly tlsCertFile?: string;
  readonly tlsKeyFile?: string;
}

/** The generated TLS material, or the given certificate files (then the CA is the certificate). */
export async function tlsFor(opts: TlsFiles): Promise<{ cert: string; key: string; caCert: string }> {
  const generated = await ensureTls(opts.dataDir);
  if (!opts.tlsCertFile || !opts.tlsKeyFile) return generated;
  const [cert, key] = await Promise.all([
    readFile(opts.tlsCertFile, 'utf8'),
    readFile(opts.tlsKeyFile, 'utf8'),
  ]);
  return { cert, key, caCert: cert };
}

export interface Listening {
  readonly server: Server;
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

export function listen(
  app: RequestListener,
  tls: { cert: string; key: string },
  port: number,
  bindAddress: string,
): Promise<Listening> {
  const server = createServer({ cert: tls.cert, key: tls.key }, app);
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, bindAddress, () => {
      server.off('error', reject);
      const actual = (server.address() as AddressInfo).port;
      const host = bindAddress === '0.0.0.0' || bindAddress === '::' ? '127.0.0.1' : bindAddress;
      const url = `https://${host.includes(':') ? `[${host}]` : host}:${actual}`;
      const close = (): Promise<void> =>
        new Promise<void>((done) => {
          server.close(() => {
            done();
          });
          server.closeAllConnections();
        });
      resolve({ server, port: actual, url, close });
    });
  });
}
