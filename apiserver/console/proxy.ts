/**
 * /console/api/<path>: the browser's API calls, carried by the session cookie. `consoleRewrite`
 * runs first in the app: a request with a session cookie, and with `X-Orgplane-Console: 1` unless
 * it is a GET or HEAD (the CSRF rule beside SameSite), becomes the API request `/<path>` with the
 * cookie's token as its bearer token (the browser's own Authorization and Cookie headers are
 * dropped), so everything after it (authentication, authorization, admission, audit, watches)
 * treats it exactly as a direct API call. Any other request to /console/api/ reaches
 * `mountProxyRefusals`: 401 without a session, 403 without the CSRF header.
 */
import type { Router, NextFunction, Request, Response } from 'express';
import { ApiError, unauthorized } from '../errors/status.js';
import { sessionToken } from './cookie.js';

export const API_PREFIX = '/console/api/';
export const CSRF_HEADER = 'x-orgplane-console';

const SAFE_METHODS = new Set(['GET', 'HEAD']);

const hasCsrfHeader = (req: Request): boolean => req.headers[CSRF_HEADER] === '1';

export function consoleRewrite() {
  return (req: Request, _resp: Response, next: NextFunction): void => {
    if (!req.url.startsWith(API_PREFIX)) {
      next();
      return;
    }
    const token = sessionToken(req.headers);
    if (token !== undefined && (SAFE_METHODS.has(req.method) || hasCsrfHeader(req))) {
      const target = req.url.slice(API_PREFIX.length - 1);
      req.url = target;
      req.originalUrl = target;
      delete req.headers.cookie;
      req.headers.authorization = `Bearer ${token}`;
    }
    next();
  };
}

export function mountProxyRefusals(app: Router): void {
  app.all(`${API_PREFIX}{*rest}`, (req) => {
    if (sessionToken(req.headers) === undefined) throw unauthorized('not signed in to the console');
    throw new ApiError(
      403,
      'Forbidden',
      `console API requests other than GET and HEAD must carry the header X-Orgplane-Console: 1`,
    );
  });
}
