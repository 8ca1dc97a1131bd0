/**
 * The console's session endpoints (public: they are how a browser gets credentials):
 * - POST /console/session `{"username","password"}`: the password sign-in of POST /login (same
 *   checks, errors and rate limits: the one PasswordLogin), or `{"token"}`: a bearer token checked
 *   by the API's own authenticator (401 when it does not authenticate). Answers 200
 *   `{"username","groups","expirationTimestamp"}` and sets the session cookie (cookie.ts), which
 *   lives as long as the token.
 * - GET /console/session: the same body for the cookie's token, or 401.
 * - DELETE /console/session: clears the cookie (204).
 * The body is read as a secret body (never echoed); the token is only ever in Set-Cookie.
 */
import type { Router, Request, Response } from 'express';
import { decodeJwt } from 'jose';
import type { UserInfo } from '../../api/user.js';
import type { TokenAuthenticator } from '../authn/authenticator.js';
import type { PasswordLogin } from '../authn/login.js';
import { rfc3339Seconds } from '../../api/time.js';
import { readSecretBody } from '../authn/secret-body.js';
import { ApiError, badRequest, unauthorized } from '../errors/status.js';
import { sendJson } from '../http/respond.js';
import { clearedCookie, cookieSafe, sessionCookie, sessionToken } from './cookie.js';

export interface SessionDeps {
  readonly login: PasswordLogin;
  readonly authenticateToken: TokenAuthenticator;
  readonly now: () => Date;
}

export const SESSION_PATH = '/console/session';

/** When a JWT expires (its `exp`), or undefined for a token that carries none. */
function expiryOf(token: string): Date | undefined {
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === 'number' ? new Date(exp * 1000) : undefined;
  } catch {
    return undefined;
  }
}

/** details of the 401 of a session whose token stopped authenticating (the console says so) */
export const EXPIRED_SESSION = { kind: 'session', name: 'expired' } as const;

const badToken = (): Error => unauthorized('the token is not valid or has expired');

interface Session {
  readonly token: string;
  readonly user: UserInfo;
  readonly expiresAt: Date | undefined;
}

async function signIn(deps: SessionDeps, req: Request): Promise<Session> {
  const body = await readSecretBody(req);
  if (Object.hasOwn(body, 'token')) {
    const { token } = body;
    if (typeof token !== 'string' || token.trim() === '')
      throw badRequest('token must be a non-empty string');
    const t = token.trim();
    const user = cookieSafe(t) ? await deps.authenticateToken(t) : undefined;
    if (!user) throw badToken();
    return { token: t, user, expiresAt: expiryOf(t) };
  }
  const r = await deps.login(body, req.socket.remoteAddress ?? 'unknown');
  const user = await deps.authenticateToken(r.token);
  if (!user) throw badToken();
  return { token: r.token, user, expiresAt: r.expiresAt };
}

function sendSession(resp: Response, s: Omit<Session, 'token'>): void {
  resp.setHeader('Cache-Control', 'no-store');
  sendJson(resp, 200, {
    username: s.user.username,
    groups: s.user.groups,
    expirationTimestamp: s.expiresAt ? rfc3339Seconds(s.expiresAt.getTime()) : null,
  });
}

export function mountSession(app: Router, deps: SessionDeps): void {
  app.post(SESSION_PATH, async (req, resp) => {
    const s = await signIn(deps, req);
    const seconds = s.expiresAt ? (s.expiresAt.getTime() - deps.now().getTime()) / 1000 : undefined;
    resp.setHeader('Set-Cookie', sessionCookie(s.token, seconds));
    sendSession(resp, s);
  });
  app.get(SESSION_PATH, async (req, resp) => {
    const token = sessionToken(req.headers);
    if (token === undefined) throw unauthorized('not signed in');
    const user = await deps.authenticateToken(token);
    if (!user) {
      // a cookie that no longer authenticates (token expired or revoked): dropped, and said so
      resp.setHeader('Set-Cookie', clearedCookie());
      throw new ApiError(401, 'Unauthorized', 'the session has expired', EXPIRED_SESSION);
    }
    sendSession(resp, { user, expiresAt: expiryOf(token) });
  });
  app.delete(SESSION_PATH, (_req, resp) => {
    resp.setHeader('Set-Cookie', clearedCookie());
    resp.setHeader('Cache-Control', 'no-store');
    resp.status(204).end();
  });
}
