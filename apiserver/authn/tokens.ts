/**
 * Service-account tokens: ES256 JWTs signed with the active shared key, bound to the account's
 * uid. Claims: iss (the server's issuer), sub (account name), aud, iat, nbf, exp, jti, and
 * "orgplane.io": {serviceaccount: {name, uid}} (kube's "kubernetes.io" claim, cluster-scoped).
 */
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { SigningKey } from './signing-keys.js';

export const SERVICEACCOUNT_CLAIM = 'orgplane.io';
export const SERVICEACCOUNTS_GROUP = 'orgplane:serviceaccounts';
export const AUTHENTICATED_GROUP = 'system:authenticated';

/** Token lifetimes, as kube's TokenRequest: default 1h, at least 10 minutes, capped at 48h. */
export const TOKEN_LIFETIME = { defaultSeconds: 3600, minSeconds: 600, maxSeconds: 48 * 3600 } as const;

export interface ServiceAccountRef {
  readonly name: string;
  readonly uid: string;
}

export interface IssueRequest {
  readonly account: ServiceAccountRef;
  readonly audiences: readonly string[];
  readonly expirationSeconds: number;
}

export interface IssuedToken {
  readonly token: string;
  readonly expiresAt: Date;
}

export interface TokenIssuerOptions {
  readonly signingKey: () => SigningKey;
  /** the issuer URL written into `iss` */
  readonly issuer: () => string;
  readonly now: () => Date;
}

export type TokenIssuer = (req: IssueRequest) => Promise<IssuedToken>;

export function tokenIssuer(opts: TokenIssuerOptions): TokenIssuer {
  return async (req) => {
    const key = opts.signingKey();
    const iat = Math.floor(opts.now().getTime() / 1000);
    const exp = iat + req.expirationSeconds;
    const token = await new SignJWT({
      [SERVICEACCOUNT_CLAIM]: { serviceaccount: { name: req.account.name, uid: req.account.uid } },
    })
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
      .setIssuer(opts.issuer())
      .setSubject(req.account.name)
      .setAudience([...req.audiences])
      .setIssuedAt(iat)
      .setNotBefore(iat)
      .setExpirationTime(exp)
      .setJti(randomUUID())
      .sign(key.privateKey);
    return { token, expiresAt: new Date(exp * 1000) };
  };
}
