import { describe, expect, it } from '@jest/globals';
import type { ErrorRequestHandler, Request } from 'express';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import winston from 'winston';
import { Metrics } from '../observability/metrics.js';
import { createApp, type AppDeps } from './app.js';

interface Seen {
  originalUrl?: string;
  /** what audit's panic recorder was handed (it keeps only what is not an ApiError) */
  panics: unknown[];
  errors: string[];
}

/** The application with stand-ins for everything but the chain: a known user, RBAC that allows. */
function app(seen: Seen, authenticated = true): RequestListener {
  const logger = winston.createLogger({ silent: true });
  logger.error = ((msg: string) => {
    seen.errors.push(msg);
    return logger;
  }) as typeof logger.error;
  const recordPanics: ErrorRequestHandler = (err, _req, _resp, next) => {
    seen.panics.push(err);
    next(err);
  };
  const deps = {
    logger,
    metrics: new Metrics('embedded'),
    health: { live: new Map(), ready: new Map() },
    authenticate: (req: Request) => {
      seen.originalUrl = req.originalUrl;
      return Promise.resolve(authenticated ? { username: 'alice', groups: [] } : undefined);
    },
    authorizer: {
      authorize: () => Promise.resolve({ decision: 'allow', reason: '' }),
    } as unknown as AppDeps['authorizer'],
    // a catalog that knows no resource: every resource request is a NotFound
    registry: { catalog: { lookup: () => undefined } } as unknown as AppDeps['registry'],
    special: new Map(),
    audit: {
      middleware: (_req: unknown, _resp: unknown, next: () => void) => {
        next();
      },
      recordPanics,
    },
    mountDocs: (router) => {
      router.get('/openapi/text', (_req, resp) => {
        resp.type('text/plain').send('express methods');
      });
      router.get('/openapi/broken', () => {
        throw new Error('handler bug');
      });
    },
  } as Partial<AppDeps> as AppDeps;
  return createApp(deps);
}

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  json(): unknown;
}

/** GET url from the listener behind a loopback HTTP server (the response class Node's own). */
async function get(listener: RequestListener, url: string): Promise<Answer> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}${url}`);
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) as unknown };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('createApp', () => {
  it('answers a path nothing serves with a NotFound Status', async () => {
    const seen: Seen = { panics: [], errors: [] };
    const res = await get(app(seen), '/apis/nowhere.example/v1/things?limit=1');
    expect(res.status).toBe(404);
    expect(res.json()).toMatchObject({ kind: 'Status', reason: 'NotFound', code: 404 });
    expect(seen.originalUrl).toBe('/apis/nowhere.example/v1/things?limit=1');
    expect(seen.errors).toEqual([]); // an ApiError is an answer, not an internal error
  });

  it("gives handlers express's response methods and settings", async () => {
    const res = await get(app({ panics: [], errors: [] }), '/openapi/text');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('etag')).toBeNull();
    expect(res.text).toBe('express methods');
  });

  it('hands a failure to audit first, logs it, and answers an InternalError Status', async () => {
    const seen: Seen = { panics: [], errors: [] };
    const res = await get(app(seen), '/openapi/broken');
    expect(res.status).toBe(500);
    expect(res.json()).toMatchObject({ kind: 'Status', reason: 'InternalError', code: 500 });
    expect(seen.panics).toHaveLength(1);
    expect(seen.errors).toEqual(['internal error']);
  });

  it('answers a request without credentials 401, as a Status', async () => {
    const res = await get(app({ panics: [], errors: [] }, false), '/apis/orgplane.io/v1/agents');
    expect(res.status).toBe(401);
    expect(res.json()).toMatchObject({ kind: 'Status', reason: 'Unauthorized' });
  });
});
