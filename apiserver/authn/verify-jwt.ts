/**
 * Verifying our own service-account tokens: the algorithm is pinned to the signing keys' (ES256;
 * `none` and HMAC never verify), the kid must name a key we hold, issuer and audience must match,
 * exp/nbf are checked with a small skew against the injected clock, and the account named in the
 * token must still exist with the token's uid and not be disabled (the in-memory account index).
 * Any failure answers undefined (401), never an error.
 */
import { decodeProtectedHeader, jwtVerify } from 'jose';
import type { KeyObject } from 'node:crypto';
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

export function serviceAccountVerifier(opts: ServiceAccountVerifierOptions): TokenVerifier {
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
      return { username: name, uid, groups: [SERVICEACCOUNTS_GROUP, AUTHENTICATED_GROUP], ...extra };
    } catch {
      return undefined;
    }
  };
}
