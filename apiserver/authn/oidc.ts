/**
 * Trusted external OIDC issuers (kube's --oidc-* flags): an ID token whose `iss` is a configured
 * issuer is verified against that issuer's JWKS (fetched and cached by jose's remote JWK set),
 * with asymmetric algorithms only, and mapped to a user through the configured claims.
 * Usernames are prefixed like kube: by default "<issuer>#" unless the claim is "email"; "-"
 * disables the prefix. A mapped name in the reserved "system:" space is refused.
 */
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { SSO_ORGANIZATIONS_EXTRA, SSO_VERIFIED_EMAIL_EXTRA } from '../../api/sso.js';
import type { UserInfo } from '../../api/user.js';
import { AUTHENTICATED_GROUP } from './tokens.js';

export interface OidcIssuerConfig {
  readonly issuerUrl: string;
  readonly jwksUrl: string;
  /** accepted `aud` values (client IDs); no audience check when absent */
  readonly audiences?: readonly string[];
  /** claim holding the username (default "sub") */
  readonly usernameClaim?: string;
  /** default "<issuerUrl>#" unless usernameClaim is "email"; "-" for none */
  readonly usernamePrefix?: string;
  /** claim holding a string or an array of group names */
  readonly groupsClaim?: string;
  readonly groupsPrefix?: string;
  readonly algorithms?: readonly string[];
  /**
   * claim naming the caller's organizations at the identity provider (a string, a list, or an
   * object keyed by ids, e.g. `urn:zitadel:iam:org:id`), matched against Organization spec.sso
   */
  readonly organizationClaim?: string;
}

export interface OidcVerifier {
  readonly issuer: string;
  verify(token: string): Promise<UserInfo | undefined>;
}

const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

function usernamePrefix(cfg: OidcIssuerConfig, claim: string): string {
  if (cfg.usernamePrefix === '-') return '';
  if (cfg.usernamePrefix !== undefined) return cfg.usernamePrefix;
  return claim === 'email' ? '' : `${cfg.issuerUrl}#`;
}

function groupsOf(payload: JWTPayload, cfg: OidcIssuerConfig): string[] {
  if (!cfg.groupsClaim) return [];
  const raw = payload[cfg.groupsClaim];
  const list = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw : [];
  return list
    .filter((g): g is string => typeof g === 'string' && g !== '')
    .map((g) => `${cfg.groupsPrefix ?? ''}${g}`);
}

/** The SSO membership claims of a token: organization ids and the verified email, as UserInfo.extra. */
export function ssoExtra(payload: JWTPayload, cfg: OidcIssuerConfig): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (cfg.organizationClaim) {
    const raw = payload[cfg.organizationClaim];
    const ids =
      typeof raw === 'string'
        ? [raw]
        : Array.isArray(raw)
          ? raw.filter((x): x is string => typeof x === 'string')
          : typeof raw === 'object' && raw !== null
            ? Object.keys(raw)
            : [];
    if (ids.length > 0) out[SSO_ORGANIZATIONS_EXTRA] = ids.filter((x) => x !== '');
  }
  if (payload.email_verified === true && typeof payload.email === 'string' && payload.email.includes('@'))
    out[SSO_VERIFIED_EMAIL_EXTRA] = [payload.email.toLowerCase()];
  return out;
}

export function oidcVerifier(cfg: OidcIssuerConfig, now: () => Date, clockSkewSeconds = 30): OidcVerifier {
  const jwks = createRemoteJWKSet(new URL(cfg.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 });
  const algorithms = (cfg.algorithms ?? ASYMMETRIC).filter((a) => ASYMMETRIC.includes(a));
  const claim = cfg.usernameClaim ?? 'sub';
  const prefix = usernamePrefix(cfg, claim);
  return {
    issuer: cfg.issuerUrl,
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, jwks, {
          algorithms,
          issuer: cfg.issuerUrl,
          ...(cfg.audiences ? { audience: [...cfg.audiences] } : {}),
          currentDate: now(),
          clockTolerance: clockSkewSeconds,
          requiredClaims: ['exp'],
        });
        const name = payload[claim];
        if (typeof name !== 'string' || name === '') return undefined;
        if (claim === 'email' && payload.email_verified !== undefined && payload.email_verified !== true)
          return undefined;
        const username = prefix + name;
        if (username.startsWith('system:')) return undefined;
        const extra = ssoExtra(payload, cfg);
        return {
          username,
          groups: [...groupsOf(payload, cfg), AUTHENTICATED_GROUP],
          ...(Object.keys(extra).length > 0 ? { extra } : {}),
        };
      } catch {
        return undefined;
      }
    },
  };
}
