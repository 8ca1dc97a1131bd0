/**
 * The API server's Authenticator: a bearer token is the bootstrap admin token (constant-time
 * compare), one of our service-account JWTs, or an ID token of a trusted external OIDC issuer,
 * chosen by the token's (unverified) `iss`; the chosen verifier then checks everything. Anything
 * else, and every failure, is undefined (401).
 */
import { timingSafeEqual } from 'node:crypto';
import { decodeJwt } from 'jose';
import type { Request } from 'express';
import type { UserInfo } from '../../api/user.js';
import type { OidcVerifier } from './oidc.js';
import { BOOTSTRAP_ADMIN, bearerToken } from './static-token.js';
import type { TokenVerifier } from './verify-jwt.js';

export interface AuthenticatorOptions {
  /** the bootstrap cluster-admin token, when there is one */
  readonly bootstrapToken?: string;
  readonly bootstrapUser?: UserInfo;
  /** issuers our own tokens carry (see serviceAccountVerifier) */
  readonly issuers: () => readonly string[];
  readonly serviceAccounts: TokenVerifier;
  readonly oidc?: readonly OidcVerifier[];
}

/** Who is calling (same shape as app.ts's Authenticator). */
export type BearerAuthenticator = (req: Request) => Promise<UserInfo | undefined>;

/** Whose token this is: undefined for a token that does not authenticate (→ 401). */
export type TokenAuthenticator = (token: string) => Promise<UserInfo | undefined>;

function sameSecret(got: string, want: Buffer): boolean {
  const g = Buffer.from(got);
  return g.length === want.length && timingSafeEqual(g, want);
}

function issuerOf(token: string): string | undefined {
  try {
    const iss = decodeJwt(token).iss;
    return typeof iss === 'string' ? iss : undefined;
  } catch {
    return undefined;
  }
}

export function createTokenAuthenticator(opts: AuthenticatorOptions): TokenAuthenticator {
  const bootstrap = opts.bootstrapToken ? Buffer.from(opts.bootstrapToken) : undefined;
  const external = new Map((opts.oidc ?? []).map((v) => [v.issuer, v]));
  return async (token) => {
    if (token === '') return undefined;
    if (bootstrap && sameSecret(token, bootstrap)) return opts.bootstrapUser ?? BOOTSTRAP_ADMIN;
    const iss = issuerOf(token);
    if (iss === undefined || iss === '') return undefined;
    if (opts.issuers().includes(iss)) return opts.serviceAccounts(token);
    return (await external.get(iss)?.verify(token)) ?? undefined;
  };
}

/** The bearer token of a request, checked by `tokens`. */
export function createAuthenticator(tokens: TokenAuthenticator): BearerAuthenticator {
  return (req) => {
    const token = bearerToken(req);
    return token === undefined ? Promise.resolve(undefined) : tokens(token);
  };
}
