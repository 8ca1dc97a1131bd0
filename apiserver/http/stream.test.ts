import { describe, expect, it } from '@jest/globals';
import { createServer, get, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendJsonParts, STREAM_ABOVE } from './stream.js';

interface Served {
  readonly server: Server;
  readonly port: number;
  /** settles when the handler's sendJsonParts does */
  readonly sent: Promise<void>;
}

async function serve(items: readonly string[]): Promise<Served> {
  let settle: (p: Promise<void>) => void = () => undefined;
  const sent = new Promise<void>((resolve, reject) => {
    settle = (p) => {
      p.then(resolve, reject);
    };
  });
  const server = createServer((_req, resp) => {
    settle(sendJsonParts(resp, 200, '{"kind":"List","items":[', items, ']}'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, sent };
}

function fetchText(port: number): Promise<{ resp: IncomingMessage; text: string }> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/' }, (resp) => {
      const chunks: Buffer[] = [];
      resp.on('data', (c: Buffer) => chunks.push(c));
      resp.on('end', () => {
        resolve({ resp, text: Buffer.concat(chunks).toString('utf8') });
      });
    }).on('error', reject);
  });
}

const item = (i: number, size: number): string => JSON.stringify({ n: i, pad: 'é'.repeat(size) });

describe('sendJsonParts', () => {
  it('writes a small body in one piece with its Content-Length', async () => {
    const items = [item(1, 10), item(2, 10)];
    const s = await serve(items);
    try {
      const { resp, text } = await fetchText(s.port);
      await s.sent;
      expect(resp.headers['content-length']).toBe(String(Buffer.byteLength(text)));
      expect(JSON.parse(text)).toEqual({ kind: 'List', items: items.map((t) => JSON.parse(t) as unknown) });
    } finally {
      s.server.close();
    }
  });

  it('streams a large body in chunks that join into the same JSON', async () => {
    const items = Array.from({ length: 3000 }, (_, i) => item(i, 500));
    expect(items.join(',').length).toBeGreaterThan(STREAM_ABOVE);
    const s = await serve(items);
    try {
      const { resp, text } = await fetchText(s.port);
      await s.sent;
      expect(resp.headers['transfer-encoding']).toBe('chunked');
      expect(resp.headers['content-length']).toBeUndefined();
      const parsed = JSON.parse(text) as { items: { n: number }[] };
      expect(parsed.items.map((o) => o.n)).toEqual(items.map((_, i) => i));
    } finally {
      s.server.close();
    }
  });

  it('an empty list is still valid JSON', async () => {
    const s = await serve([]);
    try {
      const { text } = await fetchText(s.port);
      expect(JSON.parse(text)).toEqual({ kind: 'List', items: [] });
    } finally {
      s.server.close();
    }
  });

  it('stops writing and resolves when the client goes away mid-body', async () => {
    const items = Array.from({ length: 20_000 }, (_, i) => item(i, 1000));
    const s = await serve(items);
    try {
      await new Promise<void>((resolve, reject) => {
        const req = get({ host: '127.0.0.1', port: s.port, path: '/' }, (resp) => {
          resp.once('data', () => {
            req.destroy();
            resolve();
          });
        });
        req.on('error', (err: NodeJS.ErrnoException) => {
          if (err.code !== 'ECONNRESET') reject(err);
        });
      });
      await expect(s.sent).resolves.toBeUndefined();
    } finally {
      s.server.close();
    }
  });

  it('gives the event loop back during a large body, but not after every chunk', async () => {
    // a reader that never pushes back (as an in-process client): write always takes more
    let written = 0;
    let writes = 0;
    const resp = {
      statusCode: 0,
      destroyed: false,
      writableLength: 0,
      setHeader: () => undefined,
      write: (chunk: string) => {
        written += chunk.length;
        writes++;
        return true;
      },
      end: (chunk: string) => {
        written += chunk.length;
      },
    } as unknown as ServerResponse;
    const items = Array.from({ length: 4000 }, (_, i) => item(i, 1000));
    let turns = 0;
    let sending = true;
    const count = (): void => {
      if (!sending) return;
      turns++;
      setImmediate(count);
    };
    setImmediate(count);
    await sendJsonParts(resp, 200, '[', items, ']');
    sending = false;
    expect(written).toBe(items.join(',').length + 2);
    expect(turns).toBeGreaterThan(1);
    expect(turns).toBeLessThan(writes / 4);
  });
});
