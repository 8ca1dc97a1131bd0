import { createServer, request as httpRequest, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpMethod, RequestContext } from '@kubernetes/client-node';
import express, { type Express } from 'express';
import { inProcessHttp } from './in-process-http.js';

/** An Express app that echoes what it was sent, as our API server's handlers read it. */
function echoApp(): Express {
  const app = express();
  app.use(express.text({ type: '*/*' }));
  app.all('/{*path}', (req, res) => {
    res.setHeader('X-Seen-Method', req.method);
    res.status(req.query['status'] ? Number(req.query['status']) : 200).json({
      url: req.originalUrl,
      auth: req.headers.authorization ?? null,
      userAgent: req.get('user-agent') ?? null,
      body: typeof req.body === 'string' ? req.body : null,
      remote: req.socket.remoteAddress ?? null,
    });
  });
  return app;
}

async function send(
  app: Express,
  ctx: RequestContext,
): Promise<{ code: number; headers: Record<string, string>; json: unknown }> {
  const resp = await inProcessHttp(app).send(ctx).toPromise();
  return { code: resp.httpStatusCode, headers: resp.headers, json: JSON.parse(await resp.body.text()) };
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

describe('inProcessHttp', () => {
  it('hands method, path, query, headers and body to the listener and returns its answer', async () => {
    const ctx = new RequestContext(
      'https://127.0.0.1:6443/apis/x/v1/things?status=201&a=b',
      HttpMethod.PATCH,
    );
    ctx.setHeaderParam('Authorization', 'Bearer t0k3n');
    ctx.setHeaderParam('User-Agent', 'orgplane-controllers/test');
    ctx.setHeaderParam('Content-Type', 'application/merge-patch+json');
    ctx.setBody('{"spec":{"n":1}}');
    const r = await send(echoApp(), ctx);
    expect(r.code).toBe(201);
    expect(r.headers['x-seen-method']).toBe('PATCH');
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    expect(r.json).toEqual({
      url: '/apis/x/v1/things?status=201&a=b',
      auth: 'Bearer t0k3n',
      userAgent: 'orgplane-controllers/test',
      body: '{"spec":{"n":1}}',
      remote: '127.0.0.1',
    });
  });

  it('returns error answers as they are (the client turns them into ApiStatusError)', async () => {
    const r = await send(echoApp(), new RequestContext('https://h/x?status=409', HttpMethod.GET));
    expect(r.code).toBe(409);
  });

  it('gives up when the request signal aborts before the listener answers (a request timeout)', async () => {
    const ctx = new RequestContext('https://h/stuck', HttpMethod.GET);
    ctx.setSignal(AbortSignal.timeout(50));
    const never = (): void => undefined;
    await expect(inProcessHttp(never).send(ctx).toPromise()).rejects.toThrow(/timeout|abort/i);
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
    const resp = await inProcessHttp(listener)
      .send(new RequestContext('https://h/l', HttpMethod.GET))
      .toPromise();
    expect(resp.httpStatusCode).toBe(200);
    expect(resp.headers['content-type']).toBe('application/json');
    expect(await resp.body.text()).toBe(parts.join(''));
    expect((await resp.body.binary()).toString('utf8')).toBe(parts.join(''));
  });

  it('sends a chunk written with an encoding as those bytes, as a socket would', async () => {
    const listener: RequestListener = (_req, res) => {
      res.writeHead(201, { 'X-A': 'b' });
      res.write('caf');
      res.end('é', 'latin1');
    };
    const resp = await inProcessHttp(listener)
      .send(new RequestContext('https://h/l', HttpMethod.POST))
      .toPromise();
    expect(resp.httpStatusCode).toBe(201);
    expect(resp.headers['x-a']).toBe('b');
    const bytes = Buffer.from('café', 'latin1');
    expect(await resp.body.binary()).toEqual(bytes);
    expect(await resp.body.text()).toBe(bytes.toString('utf8'));
  });

  it('answers a bodiless end, an end with only a callback, and HEAD without a body', async () => {
    let called = false;
    const bare: RequestListener = (_req, res) => {
      res.statusCode = 204;
      res.end(() => {
        called = true;
      });
    };
    const r1 = await inProcessHttp(bare)
      .send(new RequestContext('https://h/x', HttpMethod.DELETE))
      .toPromise();
    expect(r1.httpStatusCode).toBe(204);
    expect(await r1.body.text()).toBe('');
    expect(called).toBe(true);
    const head = await send(echoApp(), new RequestContext('https://h/x', HttpMethod.GET));
    expect(head.code).toBe(200);
    const headOnly = await inProcessHttp(echoApp())
      .send(new RequestContext('https://h/x', HttpMethod.HEAD))
      .toPromise();
    expect(headOnly.httpStatusCode).toBe(200);
    expect(await headOnly.body.text()).toBe('');
  });

  it('leaves real requests to the same Express app working (no shared prototype changed)', async () => {
    const app = echoApp();
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      for (let i = 0; i < 3; i++) {
        const injected = await send(app, new RequestContext('https://h/in', HttpMethod.GET));
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
