/**
 * Verifying our own service-account tokens: the algorithm is pinned to the signing keys' (ES256;
 * `none` and HMAC never verify), the kid must name a key we hold, issuer and audience must match,
 * exp/nbf are checked with a small skew against the injected clock, and the account named in the
 * token must still exist with the token's uid and not be disabled (the in-memory account index).
 * Any failure answers undefined (401), never an error.
 *
 * A verified token is remembered (bounded, keyed by its SHA-256) until it expires, so a client
 * reusing its token costs one signature check, not one per request. A remembered token is still
 * refused at once when its key is dropped (rotation), its issuer is no longer accepted, or its
 * account is deleted or disabled.
 */
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { createHash, type KeyObject } from 'node:crypto';
import type { UserInfo } from '../../api/user.js';
import { SIGNING_ALG } from './signing-keys.js';
import { AUTHENTICATED_GROUP, SERVICEACCOUNT_CLAIM, SERVICEACCOUNTS_GROUP } from './tokens.js';

export interface ServiceAccountVerifierOptions {
  readonly verificationKey: (kid: string) => KeyObject | undefined;
  readonly isActive: (name: string, uid: string) => boolean;
  /** issuers whose tokens we signed: the current one first, older ones still accepted */
  readonly issuers: () => readonly string[];
  /** audiences the API server accepts (default: the issuer) */
  readonly audiences: () => readonly string[];
  readonly now: () => Date;
  /** allowed clock skew on exp/nbf/iat, seconds (default 30) */
  readonly clockSkewSeconds?: number;
}

export type TokenVerifier = (token: string) => Promise<UserInfo | undefined>;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function accountClaim(payload: Record<string, unknown>): { name: string; uid: string } {
  const claim = payload[SERVICEACCOUNT_CLAIM];
  const sa =
    typeof claim === 'object' && claim !== null
      ? (claim as Record<string, unknown>).serviceaccount
      : undefined;
  if (typeof sa !== 'object' || sa === null) return { name: '', uid: '' };
  const rec = sa as Record<string, unknown>;
  return { name: str(rec.name), uid: str(rec.uid) };
}

interface Verified {
  readonly user: UserInfo;
  readonly kid: string;
  readonly iss: string;
  readonly aud: readonly string[];
  /** exp in ms since the epoch */
  readonly expMs: number;
}

const CACHE_SIZE = 10_000;

export function serviceAccountVerifier(opts: ServiceAccountVerifierOptions): TokenVerifier {
  const cache = new Map<string, Verified>();
  const skewMs = (opts.clockSkewSeconds ?? 30) * 1000;
  const stillValid = (v: Verified): boolean =>
    v.expMs + skewMs > opts.now().getTime() &&
    opts.verificationKey(v.kid) !== undefined &&
    opts.issuers().includes(v.iss) &&
    opts.audiences().some((a) => v.aud.includes(a)) &&
    opts.isActive(v.user.username, v.user.uid ?? '');
  const verify = verifier(opts);
  return async (token) => {
    const id = createHash('sha256').update(token).digest('base64');
    const hit = cache.get(id);
    if (hit) {
      if (stillValid(hit)) return hit.user;
      cache.delete(id);
    }
    const v = await verify(token);
    if (!v) return undefined;
    cache.set(id, v);
    if (cache.size > CACHE_SIZE) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    return v.user;
  };
}

function verifier(opts: ServiceAccountVerifierOptions): (token: string) => Promise<Verified | undefined> {
  return async (token) => {
    try {
      const header = decodeProtectedHeader(token);
      if (header.alg !== SIGNING_ALG || typeof header.kid !== 'string') return undefined;
      const key = opts.verificationKey(header.kid);
      if (!key) return undefined;
      const { payload } = await jwtVerify(token, key, {
        algorithms: [SIGNING_ALG],
        issuer: [...opts.issuers()],
        audience: [...opts.audiences()],
        currentDate: opts.now(),
        clockTolerance: opts.clockSkewSeconds ?? 30,
        requiredClaims: ['exp', 'iat', 'sub'],
      });
      const { name, uid } = accountClaim(payload);
      if (name === '' || name !== payload.sub || !opts.isActive(name, uid)) return undefined;
      const extra = payload.jti
        ? { extra: { 'authentication.kubernetes.io/credential-id': [`JTI=${payload.jti}`] } }
        : {};
      const user = { username: name, uid, groups: [SERVICEACCOUNTS_GROUP, AUTHENTICATED_GROUP], ...extra };
      const aud = Array.isArray(payload.aud) ? payload.aud : [str(payload.aud)];
      return { user, kid: header.kid, iss: str(payload.iss), aud, expMs: (payload.exp ?? 0) * 1000 };
    } catch {
      return undefined;
    }
  };
}
