/**
 * GET /console/...: the built console (dist/console: index.html, app.js, app.css), with a strict
 * Content-Security-Policy (no inline script or style, same-origin only) and nosniff on every
 * answer. An extension-less path that is no file is a page of the single-page app: index.html.
 * Nothing here is secret, so these routes are public; `/console` redirects to `/console/`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Router, type NextFunction, type Request, type Response } from 'express';
import { ApiError } from '../errors/status.js';

export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * dist/console of this package: ../../dist/console from apiserver/console/ (tsx, tests) or
 * ../../console from dist/apiserver/console/ (the build); the first that holds app.js.
 */
export function defaultConsoleDir(): string {
  const candidates = ['../../dist/console', '../../console'].map((rel) =>
    fileURLToPath(new URL(rel, import.meta.url)),
  );
  return candidates.find((dir) => existsSync(join(dir, 'app.js'))) ?? candidates[0] ?? '';
}

function securityHeaders(resp: Response): void {
  resp.setHeader('Content-Security-Policy', CONSOLE_CSP);
  resp.setHeader('X-Content-Type-Options', 'nosniff');
  resp.setHeader('Referrer-Policy', 'no-referrer');
  resp.setHeader('X-Frame-Options', 'DENY');
}

const notBuilt = (): ApiError =>
  new ApiError(404, 'NotFound', 'the console is not built into this server (run make build)');

export function mountAssets(app: Router, dir: string): void {
  const index = join(dir, 'index.html');
  app.get('/console', (req, resp, next) => {
    // routing is not strict: this route also matches /console/
    if (req.path.endsWith('/')) {
      next();
      return;
    }
    resp.redirect(301, '/console/');
  });
  app.use('/console', (_req: Request, resp: Response, next: NextFunction) => {
    securityHeaders(resp);
    resp.setHeader('Cache-Control', 'no-cache');
    next();
  });
  app.use(
    '/console',
    express.static(dir, { index: 'index.html', redirect: false, dotfiles: 'ignore', cacheControl: false }),
  );
  app.get('/console/{*page}', (req, resp, next) => {
    if (/\.[A-Za-z0-9]+$/.test(req.path)) {
      next();
      return;
    }
    if (!existsSync(index)) throw notBuilt();
    resp.sendFile(index, { cacheControl: false });
  });
  // nothing else under /console/ exists (and none of it goes on to the API's authentication)
  app.all('/console/{*rest}', () => {
    throw existsSync(index) ? new ApiError(404, 'NotFound', 'the page could not be found') : notBuilt();
  });
}
