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

function decodeIssuer(token: string): string | undefined {
  try {
    const iss = decodeJwt(token).iss;
    return typeof iss === 'string' ? iss : undefined;
  } catch {
    return undefined;
  }
}

/** Tokens whose issuer was read lately (a client sends the same token with every request), of at most TOKEN_KEPT_CHARS. */
const ISSUERS_KEPT = 1024;
const TOKEN_KEPT_CHARS = 4096;

/**
 * The token's unverified `iss` (which verifier to ask), remembered for the last tokens seen: it is
 * a function of the token alone, and decoding it (base64url, JSON) cost more than a map lookup on
 * every request. Past ISSUERS_KEPT tokens it starts over, and longer tokens are not kept, so
 * memory stays bounded (about 4 MiB at most).
 */
function issuerReader(): (token: string) => string | undefined {
  const kept = new Map<string, string | undefined>();
  return (token) => {
    if (kept.has(token)) return kept.get(token);
    const iss = decodeIssuer(token);
    if (token.length > TOKEN_KEPT_CHARS) return iss;
    if (kept.size >= ISSUERS_KEPT) kept.clear();
    kept.set(token, iss);
    return iss;
  };
}

export function createTokenAuthenticator(opts: AuthenticatorOptions): TokenAuthenticator {
  const bootstrap = opts.bootstrapToken ? Buffer.from(opts.bootstrapToken) : undefined;
  const external = new Map((opts.oidc ?? []).map((v) => [v.issuer, v]));
  const issuerOf = issuerReader();
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
