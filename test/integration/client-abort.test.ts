/**
 * A client that goes away in the middle of its request body is not a server error: nothing is
 * logged at error level, nothing is written, and the server keeps serving.
 */
import { describe, expect, it, jest } from '@jest/globals';
import { connect } from 'node:tls';
import { silentLogger } from '../../apiserver/observability/logger.js';
import { startTestServer } from '../support/apiserver.js';

describe('a client that aborts mid-body', () => {
  it('is neither an internal error nor a write', async () => {
    const logger = silentLogger();
    const errorLog = jest.spyOn(logger, 'error');
    const ts = await startTestServer('embedded', { logger });
    const server = ts.server;
    try {
      const before = await server.storage.currentRevision();
      const { port } = new URL(server.url);
      await new Promise<void>((resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port: Number(port), ca: server.caCert }, () => {
          socket.write(
            `POST /api/v1/namespaces HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${server.adminToken}\r\n` +
              'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"metadata":',
          );
          setTimeout(() => {
            socket.destroy();
            resolve();
          }, 200);
        });
        socket.on('error', reject);
      });
      await new Promise((r) => setTimeout(r, 300));
      expect(errorLog).not.toHaveBeenCalled();
      const keys: string[] = [];
      const after = await server.storage.currentRevision();
      if (after > before) {
        const w = server.storage.watch('/registry/core/namespaces/', { fromRevision: before });
        const timer = setTimeout(() => {
          w.stop();
        }, 500);
        for await (const ev of w) keys.push(ev.key);
        clearTimeout(timer);
      }
      expect(keys).toEqual([]);
    } finally {
      await ts.stop();
    }
  }, 60_000);
});
