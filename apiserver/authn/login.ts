/**
 * POST /login (unauthenticated): {"username", "password"} of a ServiceAccount → 200 with a
 * TokenRequest-shaped body (status.token, status.expirationTimestamp). Every failure (unknown
 * account, disabled account, no password, wrong password) is the same 401, and takes the same
 * scrypt work (unknown accounts are checked against a dummy hash). Attempts are rate limited per
 * account and per source address with token buckets (429 + Retry-After); a successful attempt
 * gives its tokens back. The password is never logged or echoed. `passwordLogin` is the check
 * itself (one instance, so its rate limits hold for every endpoint that signs in with a password:
 * POST /login and the console's POST /console/session).
 */
import { randomBytes } from 'node:crypto';
import type { Router, Request, Response } from 'express';
import type winston from 'winston';
import { type ApiError, badRequest, isApiError, tooManyRequests, unauthorized } from '../errors/status.js';
import { sendError, sendJson } from '../http/respond.js';
import type { InternalStore } from '../registry/internal.js';
import type { AccountIndex, AccountState } from './accounts.js';
import {
  DEFAULT_SCRYPT,
  hashPassword,
  readPasswordRecord,
  verifyPassword,
  type PasswordRecord,
  type ScryptParams,
} from './passwords.js';
import { RateLimiter, type BucketPolicy } from './rate-limit.js';
import { rfc3339Seconds } from '../../api/time.js';
import { readSecretBody } from './secret-body.js';
import type { TokenIssuer } from './tokens.js';

export interface LoginDeps {
  readonly internal: Pick<InternalStore, 'get'>;
  readonly accounts: Pick<AccountIndex, 'get'>;
  readonly issue: TokenIssuer;
  /** the audience of login tokens */
  readonly issuer: () => string;
  readonly now: () => Date;
  readonly logger: winston.Logger;
  /** lifetime of a login token (default 8h) */
  readonly tokenSeconds?: number;
  /** default: 5 attempts, one more every 12 s */
  readonly perAccount?: BucketPolicy;
  /** default: 20 attempts, one more every 3 s */
  readonly perAddress?: BucketPolicy;
  /** parameters of the dummy hash; use the ones passwords are set with (default DEFAULT_SCRYPT) */
  readonly scrypt?: ScryptParams;
}

export const LOGIN_TOKEN_SECONDS = 8 * 3600;
const ACCOUNT_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

const failed = (): ApiError => unauthorized('invalid username or password');

/** A successful password sign-in: the account and its new token. */
export interface LoginResult {
  readonly username: string;
  readonly token: string;
  readonly expiresAt: Date;
  readonly audiences: readonly string[];
  readonly expirationSeconds: number;
}

/**
 * Check `{username, password}` of a request body from `address`: the new token, or an ApiError
 * (400 missing fields, 401 any failure, 429 rate limited).
 */
export type PasswordLogin = (
  body: Readonly<Record<string, unknown>>,
  address: string,
) => Promise<LoginResult>;

export function passwordLogin(deps: LoginDeps): PasswordLogin {
  const perAccount = new RateLimiter(deps.perAccount ?? { burst: 5, refillSeconds: 12 }, deps.now);
  const perAddress = new RateLimiter(deps.perAddress ?? { burst: 20, refillSeconds: 3 }, deps.now);
  let dummy: Promise<PasswordRecord> | undefined;
  const dummyRecord = (): Promise<PasswordRecord> =>
    (dummy ??= hashPassword(randomBytes(16).toString('hex'), '', deps.now(), deps.scrypt ?? DEFAULT_SCRYPT));

  /** The account when the password is right for it, else undefined; same work either way. */
  const check = async (username: string, password: string): Promise<AccountState | undefined> => {
    const valid = ACCOUNT_NAME.test(username);
    const account = valid ? deps.accounts.get(username) : undefined;
    const record = valid ? await readPasswordRecord(deps.internal, username) : undefined;
    const usable =
      account !== undefined && !account.disabled && record !== undefined && record.uid === account.uid;
    const ok = await verifyPassword(usable ? record : await dummyRecord(), password);
    return ok && usable ? account : undefined;
  };

  return async (body, address) => {
    const { username, password } = body;
    if (typeof username !== 'string' || username === '' || typeof password !== 'string' || password === '')
      throw badRequest('username and password are required');
    const waitAddress = perAddress.take(address);
    if (waitAddress > 0)
      throw tooManyRequests('too many failed login attempts, try again later', waitAddress);
    const waitAccount = perAccount.take(username);
    if (waitAccount > 0) {
      perAddress.refund(address);
      throw tooManyRequests('too many failed login attempts, try again later', waitAccount);
    }
    const account = await check(username, password);
    if (!account) {
      // name only accounts that exist: a password typed into the username field stays out of logs
      const known = ACCOUNT_NAME.test(username) && deps.accounts.get(username) !== undefined;
      deps.logger.info('login failed', { user: known ? username : '<unknown>', address });
      throw failed();
    }
    perAccount.refund(username);
    perAddress.refund(address);
    const audiences = [deps.issuer()];
    const expirationSeconds = deps.tokenSeconds ?? LOGIN_TOKEN_SECONDS;
    const issued = await deps.issue({
      account: { name: username, uid: account.uid },
      audiences,
      expirationSeconds,
    });
    return { username, token: issued.token, expiresAt: issued.expiresAt, audiences, expirationSeconds };
  };
}

/** POST /login: the TokenRequest-shaped answer of a password sign-in. */
export function loginHandler(
  login: PasswordLogin,
  now: () => Date,
): (req: Request, resp: Response) => Promise<void> {
  const attempt = async (req: Request, resp: Response): Promise<void> => {
    const body = await readSecretBody(req);
    const r = await login(body, req.socket.remoteAddress ?? 'unknown');
    resp.setHeader('Cache-Control', 'no-store');
    sendJson(resp, 200, {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      metadata: { name: r.username, creationTimestamp: rfc3339Seconds(now().getTime()) },
      spec: { audiences: r.audiences, expirationSeconds: r.expirationSeconds, boundObjectRef: null },
      status: { token: r.token, expirationTimestamp: rfc3339Seconds(r.expiresAt.getTime()) },
    });
  };

  return async (req, resp) => {
    try {
      await attempt(req, resp);
    } catch (err) {
      if (!isApiError(err)) throw err;
      sendError(resp, err);
    }
  };
}

/** Mount POST /login; call before the authentication filter (the route is public). */
export function mountLogin(app: Router, login: PasswordLogin, now: () => Date): void {
  app.post('/login', loginHandler(login, now));
}
