/**
 * Trusted external OIDC issuers (JWKS fetched from a loopback IdP) with claim mapping, and our
 * own issuer discovery: /.well-known/openid-configuration and /openid/v1/jwks are public and let
 * an outside verifier check orgplane tokens.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT, createLocalJWKSet, jwtVerify, type JWK } from 'jose';
import { ISSUER, startFixture, type Fixture } from './authn-fixture.js';

const IDP = 'https://idp.example';
const IDP2 = 'https://idp2.example';
const idpKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const idpJwk = {
  ...(idpKey.publicKey.export({ format: 'jwk' }) as JWK),
  kid: 'idp-1',
  alg: 'RS256',
  use: 'sig',
};

let idp: Server;
let jwksUrl = '';
let f: Fixture;

beforeAll(async () => {
  idp = createServer((req, resp) => {
    resp.setHeader('Content-Type', 'application/json');
    resp.end(JSON.stringify({ keys: [idpJwk] }));
  });
  await new Promise<void>((r) => idp.listen(0, '127.0.0.1', r));
  jwksUrl = `http://127.0.0.1:${(idp.address() as AddressInfo).port}/keys`;
  f = await startFixture({
    oidc: [
      {
        issuerUrl: IDP,
        jwksUrl,
        audiences: ['orgplane'],
        usernameClaim: 'email',
        groupsClaim: 'groups',
        groupsPrefix: 'oidc:',
      },
      { issuerUrl: IDP2, jwksUrl },
    ],
  });
});
afterAll(async () => {
  await f.stop();
  idp.closeAllConnections();
  await new Promise<void>((r) => {
    idp.close(() => {
      r();
    });
  });
});

function idToken(
  claims: Record<string, unknown>,
  opts: { iss?: string; aud?: string; exp?: number } = {},
): Promise<string> {
  const iat = Math.floor(f.clock.now().getTime() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: 'idp-1' })
    .setIssuer(opts.iss ?? IDP)
    .setAudience(opts.aud ?? 'orgplane')
    .setIssuedAt(iat)
    .setExpirationTime(opts.exp ?? iat + 600)
    .sign(idpKey.privateKey);
}

const whoami = (token: string): ReturnType<Fixture['call']> => f.call('GET', '/whoami', { token });

describe('external OIDC issuers', () => {
  it('maps the username and groups claims of a valid ID token', async () => {
    const r = await whoami(
      await idToken({ sub: 'u-1', email: 'jane@example.com', email_verified: true, groups: ['devs', 'ops'] }),
    );
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      username: 'jane@example.com',
      groups: ['oidc:devs', 'oidc:ops', 'system:authenticated'],
      // the verified email, for Organization spec.sso email domains (SSO membership)
      extra: { 'orgplane.io/sso-verified-email': ['jane@example.com'] },
    });
  });

  it('prefixes non-email usernames with the issuer, as kube does', async () => {
    const r = await whoami(await idToken({ sub: 'u-7' }, { iss: IDP2, aud: 'anything' }));
    expect(r.json).toMatchObject({ username: `${IDP2}#u-7` });
  });

  it('refuses wrong audience, expired, unverified email, HMAC and foreign-key tokens', async () => {
    const now = Math.floor(f.clock.now().getTime() / 1000);
    expect((await whoami(await idToken({ email: 'a@b.c' }, { aud: 'someone-else' }))).status).toBe(401);
    expect((await whoami(await idToken({ email: 'a@b.c' }, { exp: now - 120 }))).status).toBe(401);
    expect((await whoami(await idToken({ email: 'a@b.c', email_verified: false }))).status).toBe(401);
    const b64 = (x: unknown): string => Buffer.from(JSON.stringify(x)).toString('base64url');
    const unsigned = `${b64({ alg: 'HS256', kid: 'idp-1' })}.${b64({ iss: IDP, aud: 'orgplane', email: 'a@b.c', exp: now + 600 })}`;
    const hs = `${unsigned}.${createHmac('sha256', JSON.stringify(idpJwk)).update(unsigned).digest('base64url')}`;
    expect((await whoami(hs)).status).toBe(401);
    const rogue = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = await new SignJWT({ email: 'a@b.c' })
      .setProtectedHeader({ alg: 'RS256', kid: 'idp-1' })
      .setIssuer(IDP)
      .setAudience('orgplane')
      .setExpirationTime(now + 600)
      .sign(rogue.privateKey);
    expect((await whoami(forged)).status).toBe(401);
    const unknownIssuer = await idToken({ email: 'a@b.c' }, { iss: 'https://evil.example' });
    expect((await whoami(unknownIssuer)).status).toBe(401);
  });

  it('refuses names in the reserved system: space', async () => {
    expect((await whoami(await idToken({ email: 'system:masters' }))).status).toBe(401);
  });
});

describe('issuer discovery', () => {
  it('serves the OpenID configuration and the public keys without authentication', async () => {
    const conf = await f.call('GET', '/.well-known/openid-configuration', { token: null });
    expect(conf.status).toBe(200);
    expect(conf.json).toEqual({
      issuer: ISSUER,
      jwks_uri: `${ISSUER}/openid/v1/jwks`,
      response_types_supported: ['id_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['ES256'],
    });
    const jwks = await f.call('GET', '/openid/v1/jwks', { token: null });
    expect(jwks.status).toBe(200);
    expect(jwks.headers['content-type']).toBe('application/jwk-set+json');
    expect(jwks.text).not.toMatch(/"d"/);
  });

  it('lets an outside verifier check our tokens with the published keys', async () => {
    const uid = await f.putAccount('ext');
    const { token } = await f.authn.issue({
      account: { name: 'ext', uid },
      audiences: ['https://vault.example'],
      expirationSeconds: 600,
    });
    const jwks = await f.call('GET', '/openid/v1/jwks', { token: null });
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks.json as { keys: JWK[] }), {
      issuer: ISSUER,
      audience: 'https://vault.example',
      currentDate: f.clock.now(),
    });
    expect(payload.sub).toBe('ext');
  });
});
