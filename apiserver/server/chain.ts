/**
 * Middleware run in order as one handler, without a router's work per middleware (path matching,
 * layer objects, URL trimming) for what every request passes through. Express's contract: next()
 * runs the following handler, next('route') too; next('router') leaves the chain; next(err), a
 * throw or a rejected promise hands err on (to the error handlers after the chain); past the last
 * handler the chain calls its own next().
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';

export function chain(handlers: readonly RequestHandler[]): RequestHandler {
  return (req: Request, resp: Response, done: NextFunction): void => {
    let i = 0;
    let failed = false;
    const fail = (err: unknown): void => {
      if (failed) return;
      failed = true;
      done(err ?? new Error('Rejected promise'));
    };
    const next = (err?: unknown): void => {
      if (failed) return;
      if (err === 'router') {
        done();
        return;
      }
      if (err !== undefined && err !== null && err !== 'route') {
        fail(err);
        return;
      }
      const handler = handlers[i++];
      if (!handler) {
        done();
        return;
      }
      try {
        const ret: unknown = handler(req, resp, next);
        if (ret instanceof Promise) ret.catch(fail);
      } catch (e) {
        fail(e);
      }
    };
    next();
  };
}
