/**
 * Authentication, assembled: shared signing keys, the ServiceAccount index, token issuing and
 * verification, external OIDC issuers, the token/password subresource handlers, POST /login and
 * OIDC discovery. The composition root constructs one with createAuthn and wires its parts
 * (see each part's file for its contract).
 */
import type { Router } from 'express';
import type winston from 'winston';
import type { UserInfo } from '../../api/user.js';
import type { HandlerContext } from '../handlers/context.js';
import type { InternalStore } from '../registry/internal.js';
import { watchServiceAccounts, type AccountIndex } from './accounts.js';
import {
  createAuthenticator,
  createTokenAuthenticator,
  type BearerAuthenticator,
  type TokenAuthenticator,
} from './authenticator.js';
import { mountOidcDiscovery } from './discovery.js';
import { mountKeyRotation } from './key-rotation.js';
import { LOGIN_TOKEN_SECONDS, mountLogin, passwordLogin, type PasswordLogin } from './login.js';
import { oidcVerifier, type OidcIssuerConfig } from './oidc.js';
import { serviceAccountPasswordHandler } from './password-handler.js';
import type { ScryptParams } from './passwords.js';
import type { BucketPolicy } from './rate-limit.js';
import { SELF_SUBJECT_REVIEW_KEY, selfSubjectReview } from './self-subject-review.js';
import { SigningKeys } from './signing-keys.js';
import { serviceAccountTokenHandler } from './token-request.js';
import { TOKEN_LIFETIME, tokenIssuer, type TokenIssuer } from './tokens.js';
import { serviceAccountVerifier } from './verify-jwt.js';

export interface AuthnOptions {
  /** the registry's internal records (signing keys, password hashes) and object reads */
  readonly internal: InternalStore;
  readonly logger: winston.Logger;
  readonly now: () => Date;
  /** the bootstrap cluster-admin token (compared in constant time) */
  readonly bootstrapToken?: string;
  readonly bootstrapUser?: UserInfo;
  /**
   * The issuer (`iss`) of our tokens, read per use: the composition root may answer the serving
   * URL once the listener is up. Servers sharing a store must share the issuer.
   */
  readonly issuer: () => string;
  /** more issuers whose tokens still verify (e.g. a previous issuer URL) */
  readonly extraIssuers?: readonly string[];
  /** audiences accepted besides the issuer */
  readonly apiAudiences?: readonly string[];
  /** where /.well-known/openid-configuration points for keys (default <issuer>/openid/v1/jwks) */
  readonly jwksUri?: () => string;
  readonly oidc?: readonly OidcIssuerConfig[];
  /** the longest token lifetime granted (default 48h); retired keys are kept that long */
  readonly maxTokenSeconds?: number;
  readonly loginTokenSeconds?: number;
  readonly scrypt?: ScryptParams;
  readonly loginLimits?: { readonly perAccount?: BucketPolicy; readonly perAddress?: BucketPolicy };
}

export interface Authn {
  /** app.ts's Authenticator */
  readonly authenticate: BearerAuthenticator;
  /** the same check for a token given directly (the console's token sign-in) */
  readonly authenticateToken: TokenAuthenticator;
  /** the password sign-in of POST /login, with its rate limits (shared by every caller) */
  readonly login: PasswordLogin;
  readonly keys: SigningKeys;
  readonly accounts: AccountIndex;
  readonly issue: TokenIssuer;
  /** dispatch `special` entries: serviceaccounts/token, serviceaccounts/password, selfsubjectreviews */
  readonly special: ReadonlyMap<string, (ctx: HandlerContext) => Promise<void>>;
  /** POST /login and OIDC discovery: mount before the authentication filter */
  mountPublic(app: Router): void;
  /** GET /signing-keys and POST /signing-keys/rotate: mount after authentication and authorization */
  mountAdmin(app: Router): void;
  /** add a new active signing key (old keys verify until their tokens expired); its kid */
  rotateSigningKey(): Promise<string>;
  stop(): void;
}

export const TOKEN_HANDLER_KEY = 'orgplane.io/serviceaccounts/token';
export const PASSWORD_HANDLER_KEY = 'orgplane.io/serviceaccounts/password';

export async function createAuthn(opts: AuthnOptions): Promise<Authn> {
  const maxTokenSeconds = opts.maxTokenSeconds ?? TOKEN_LIFETIME.maxSeconds;
  const keys = await SigningKeys.open({ ...opts, maxTokenLifetimeSeconds: maxTokenSeconds });
  const accounts = watchServiceAccounts(opts.internal, opts.logger);
  try {
    await accounts.ready;
  } catch (err) {
    keys.stop();
    accounts.stop();
    throw err;
  }
  const issuers = (): string[] => [opts.issuer(), ...(opts.extraIssuers ?? [])];
  const issue = tokenIssuer({ signingKey: () => keys.signingKey(), issuer: opts.issuer, now: opts.now });
  const verify = serviceAccountVerifier({
    verificationKey: (kid) => keys.verificationKey(kid),
    isActive: (name, uid) => accounts.isActive(name, uid),
    issuers,
    audiences: () => [opts.issuer(), ...(opts.apiAudiences ?? [])],
    now: opts.now,
  });
  const authenticateToken = createTokenAuthenticator({
    ...(opts.bootstrapToken !== undefined ? { bootstrapToken: opts.bootstrapToken } : {}),
    ...(opts.bootstrapUser ? { bootstrapUser: opts.bootstrapUser } : {}),
    issuers,
    serviceAccounts: verify,
    oidc: (opts.oidc ?? []).map((cfg) => oidcVerifier(cfg, opts.now)),
  });
  const authenticate = createAuthenticator(authenticateToken);
  const scrypt = opts.scrypt ? { scrypt: opts.scrypt } : {};
  const special = new Map([
    [
      TOKEN_HANDLER_KEY,
      serviceAccountTokenHandler({
        issue,
        accounts,
        issuer: opts.issuer,
        now: opts.now,
        maxExpirationSeconds: maxTokenSeconds,
      }),
    ],
    [
      PASSWORD_HANDLER_KEY,
      serviceAccountPasswordHandler({ internal: opts.internal, now: opts.now, ...scrypt }),
    ],
    [SELF_SUBJECT_REVIEW_KEY, selfSubjectReview],
  ]);
  const login = passwordLogin({
    internal: opts.internal,
    accounts,
    issue,
    issuer: opts.issuer,
    now: opts.now,
    logger: opts.logger,
    tokenSeconds: Math.min(opts.loginTokenSeconds ?? LOGIN_TOKEN_SECONDS, maxTokenSeconds),
    ...(opts.loginLimits?.perAccount ? { perAccount: opts.loginLimits.perAccount } : {}),
    ...(opts.loginLimits?.perAddress ? { perAddress: opts.loginLimits.perAddress } : {}),
    ...scrypt,
  });
  return {
    authenticate,
    authenticateToken,
    login,
    keys,
    accounts,
    issue,
    special,
    mountPublic: (app) => {
      mountOidcDiscovery(app, {
        issuer: opts.issuer,
        jwks: () => keys.publicJwks(),
        ...(opts.jwksUri ? { jwksUri: opts.jwksUri } : {}),
      });
      mountLogin(app, login, opts.now);
    },
    mountAdmin: (app) => {
      mountKeyRotation(app, keys);
    },
    rotateSigningKey: () => keys.rotate(),
    stop: () => {
      keys.stop();
      accounts.stop();
    },
  };
}
