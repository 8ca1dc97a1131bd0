import { createServer, request as httpRequest, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { inProcessTransport } from './in-process-http.js';
import type { Answer, Method } from './transport.js';

/** An Express app that echoes what it was sent, as our API server's handlers read it. */
function echoApp(): Express {
  const app = express();
  app.use(express.text({ type: '*/*' }));
  app.all('/{*path}', (req, res) => {
    res.status(req.query['status'] ? Number(req.query['status']) : 200).json({
      method: req.method,
      host: req.headers.host ?? null,
      url: req.originalUrl,
      auth: req.headers.authorization ?? null,
      userAgent: req.get('user-agent') ?? null,
      body: typeof req.body === 'string' ? req.body : null,
      remote: req.socket.remoteAddress ?? null,
    });
  });
  return app;
}

const SERVER = 'https://127.0.0.1:6443';

function call(
  listener: RequestListener,
  method: Method,
  path: string,
  more: { headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<Answer> {
  return inProcessTransport(listener, SERVER, 't0k3n').send({
    method,
    path,
    headers: more.headers ?? {},
    ...(more.body !== undefined ? { body: more.body } : {}),
    timeoutMs: more.timeoutMs ?? 5000,
  });
}

async function send(app: Express, method: Method, path: string): Promise<{ code: number; json: unknown }> {
  const r = await call(app, method, path);
  return { code: r.status, json: JSON.parse(r.text) };
}

function realGet(server: Server, path: string): Promise<{ code: number; body: string }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { 'User-Agent': 'real' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        resolve({ code: res.statusCode ?? 0, body });
      });
    });
    req.setTimeout(2000, () => req.destroy(new Error(`no answer to GET ${path}`)));
    req.on('error', reject);
    req.end();
  });
}

describe('inProcessTransport', () => {
  it('hands method, path, query, headers, body and the bearer token to the listener and returns its answer', async () => {
    const r = await call(echoApp(), 'PATCH', '/apis/x/v1/things?status=201&a=b', {
      headers: { 'User-Agent': 'orgplane-controllers/test', 'Content-Type': 'application/merge-patch+json' },
      body: '{"spec":{"n":1}}',
    });
    expect(r.status).toBe(201);
    expect(JSON.parse(r.text)).toEqual({
      method: 'PATCH',
      host: '127.0.0.1:6443',
      url: '/apis/x/v1/things?status=201&a=b',
      auth: 'Bearer t0k3n',
      userAgent: 'orgplane-controllers/test',
      body: '{"spec":{"n":1}}',
      remote: '127.0.0.1',
    });
  });

  it('returns error answers as they are (the client turns them into ApiStatusError)', async () => {
    const r = await send(echoApp(), 'GET', '/x?status=409');
    expect(r.code).toBe(409);
  });

  it('gives up when the listener does not answer within the timeout', async () => {
    const never = (): void => undefined;
    await expect(call(never, 'GET', '/stuck', { timeoutMs: 50 })).rejects.toThrow(/within 50 ms/);
  });

  it('returns a body written in string and Buffer chunks, multi-byte characters included, as sent', async () => {
    const parts = ['{"items":[', '"ä€😀"', ',', '"x"', ']}'];
    const listener: RequestListener = (_req, res) => {
      res.statusCode = 200;
      res.setHeader('Content-Type', 'application/json');
      res.write(parts[0]);
      res.write(Buffer.from(parts[1] ?? '', 'utf8'));
      res.write(parts[2], 'utf8', () => undefined);
      res.write(Buffer.from(parts[3] ?? ''));
      res.end(parts[4]);
    };
    const resp = await call(listener, 'GET', '/l');
    expect(resp.status).toBe(200);
    expect(resp.text).toBe(parts.join(''));
  });

  it('sends a chunk written with an encoding as those bytes, as a socket would', async () => {
    const listener: RequestListener = (_req, res) => {
      res.writeHead(201, { 'X-A': 'b' });
      res.write('caf');
      res.end('é', 'latin1');
    };
    const resp = await call(listener, 'POST', '/l');
    expect(resp.status).toBe(201);
    expect(resp.text).toBe(Buffer.from('café', 'latin1').toString('utf8'));
  });

  it('answers a bodiless end and an end with only a callback', async () => {
    let called = false;
    const bare: RequestListener = (_req, res) => {
      res.statusCode = 204;
      res.end(() => {
        called = true;
      });
    };
    const r1 = await call(bare, 'DELETE', '/x');
    expect(r1.status).toBe(204);
    expect(r1.text).toBe('');
    expect(called).toBe(true);
  });

  it('leaves real requests to the same Express app working (no shared prototype changed)', async () => {
    const app = echoApp();
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      for (let i = 0; i < 3; i++) {
        const injected = await send(app, 'GET', '/in');
        expect(injected.code).toBe(200);
        const real = await realGet(server, '/real');
        expect(real.code).toBe(200);
        expect(JSON.parse(real.body)).toMatchObject({ url: '/real', userAgent: 'real', remote: '127.0.0.1' });
      }
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    }
  });
});
