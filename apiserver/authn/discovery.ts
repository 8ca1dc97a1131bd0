/**
 * Public OIDC discovery of the service-account issuer, as kube-apiserver serves it:
 * /.well-known/openid-configuration and /openid/v1/jwks (public keys only), so external systems
 * can verify orgplane tokens. Mount before the authentication filter.
 */
import type { Router, Request, Response } from 'express';
import type { JWK } from 'jose';
import { sendJson } from '../http/respond.js';
import { SIGNING_ALG } from './signing-keys.js';

export const JWKS_PATH = '/openid/v1/jwks';
export const OIDC_CONFIG_PATH = '/.well-known/openid-configuration';

export interface OidcDiscoveryDeps {
  readonly issuer: () => string;
  /** public keys only */
  readonly jwks: () => { keys: JWK[] };
  /** where clients fetch the keys (default: <issuer>/openid/v1/jwks) */
  readonly jwksUri?: () => string;
}

export function openidConfiguration(deps: OidcDiscoveryDeps): Record<string, unknown> {
  const issuer = deps.issuer();
  return {
    issuer,
    jwks_uri: deps.jwksUri?.() ?? `${issuer.replace(/\/+$/, '')}${JWKS_PATH}`,
    response_types_supported: ['id_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: [SIGNING_ALG],
  };
}

/** Strip anything private a JWK might carry (defence in depth: callers pass public keys). */
function publicOnly(k: JWK): JWK {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, oth: _oth, k: _k, ...pub } = k;
  return pub;
}

export function mountOidcDiscovery(app: Router, deps: OidcDiscoveryDeps): void {
  app.get(OIDC_CONFIG_PATH, (_req: Request, resp: Response) => {
    resp.setHeader('Cache-Control', 'public, max-age=300');
    sendJson(resp, 200, openidConfiguration(deps));
  });
  app.get(JWKS_PATH, (_req: Request, resp: Response) => {
    const body = JSON.stringify({ keys: deps.jwks().keys.map(publicOnly) });
    resp.status(200);
    resp.setHeader('Cache-Control', 'public, max-age=300');
    resp.setHeader('Content-Type', 'application/jwk-set+json');
    resp.setHeader('Content-Length', Buffer.byteLength(body));
    resp.end(body);
  });
}
