import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chain } from './chain.js';

/** Runs handlers as one chain in an Express app; answers what reached the end or the error handler. */
async function run(handlers: RequestHandler[]): Promise<{ status: number; body: string; seen: string[] }> {
  const seen: string[] = [];
  const app = express();
  app.use((_req, resp, next) => {
    resp.locals['seen'] = seen;
    next();
  });
  app.use(chain(handlers));
  app.use((_req: Request, resp: Response) => {
    seen.push('after');
    resp.status(200).send('end');
  });
  app.use((err: unknown, _req: Request, resp: Response, _next: NextFunction) => {
    seen.push('error');
    resp.status(500).send(err instanceof Error ? err.message : String(err));
  });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${String(port)}/x`);
    return { status: res.status, body: await res.text(), seen };
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

const mark =
  (name: string): RequestHandler =>
  (_req, resp, next) => {
    (resp.locals['seen'] as string[]).push(name);
    next();
  };

describe('chain', () => {
  it('runs the handlers in order, then what follows the chain', async () => {
    expect(await run([mark('a'), mark('b')])).toEqual({
      status: 200,
      body: 'end',
      seen: ['a', 'b', 'after'],
    });
    expect((await run([])).seen).toEqual(['after']);
  });

  it('stops where a handler answers without calling next', async () => {
    const answer: RequestHandler = (_req, resp) => {
      resp.status(204).end();
    };
    const r = await run([mark('a'), answer, mark('b')]);
    expect(r).toMatchObject({ status: 204, seen: ['a'] });
  });

  it('hands next(err), a throw and a rejected promise to the error handlers, once', async () => {
    const viaNext: RequestHandler = (_req, _resp, next) => {
      next(new Error('by next'));
    };
    const thrown: RequestHandler = () => {
      throw new Error('thrown');
    };
    const rejected: RequestHandler = async () => {
      await Promise.resolve();
      throw new Error('rejected');
    };
    for (const [h, message] of [
      [viaNext, 'by next'],
      [thrown, 'thrown'],
      [rejected, 'rejected'],
    ] as const)
      expect(await run([mark('a'), h, mark('b')])).toEqual({
        status: 500,
        body: message,
        seen: ['a', 'error'],
      });
  });

  it("takes next('route') as next() and next('router') as leaving the chain", async () => {
    const route: RequestHandler = (_req, _resp, next) => {
      next('route');
    };
    const router: RequestHandler = (_req, _resp, next) => {
      next('router');
    };
    expect((await run([route, mark('b')])).seen).toEqual(['b', 'after']);
    expect((await run([router, mark('b')])).seen).toEqual(['after']);
  });

  it('runs an async handler that calls next after awaiting', async () => {
    const later: RequestHandler = async (_req, _resp, next) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      next();
    };
    expect((await run([later, mark('b')])).seen).toEqual(['b', 'after']);
  });
});
