/**
 * Service-account tokens end to end on a real embedded store: TokenRequest, verification,
 * expiry and not-before with an injected clock, forged / tampered / alg:none / unknown-kid
 * tokens, and revocation by deleting, disabling or recreating the account.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access -- CallResult.json is the parsed body */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { generateKeyPairSync } from 'node:crypto';
import { ISSUER, startFixture, type Fixture } from './authn-fixture.js';

const b64 = (x: unknown): string => Buffer.from(JSON.stringify(x)).toString('base64url');

let f: Fixture;

async function tokenFor(name: string, spec: Record<string, unknown> = {}): Promise<string> {
  const r = await f.call('POST', `/apis/orgplane.io/v1alpha1/serviceaccounts/${name}/token`, {
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec },
  });
  expect(r.status).toBe(201);
  return r.json.status.token as string;
}

const whoami = (token: string): Promise<number> => f.call('GET', '/whoami', { token }).then((r) => r.status);

describe.each(['embedded', 'etcd'] as const)('on the %s store', (backend) => {
  beforeAll(async () => {
    f = await startFixture({ backend });
  });
  afterAll(async () => {
    await f.stop();
  });

  describe('TokenRequest', () => {
    it('issues a token that authenticates as the account, bound to its uid', async () => {
      const uid = await f.putAccount('alice');
      const r = await f.call('POST', '/apis/orgplane.io/v1alpha1/serviceaccounts/alice/token', {
        body: {
          apiVersion: 'authentication.k8s.io/v1',
          kind: 'TokenRequest',
          spec: { expirationSeconds: 3600 },
        },
      });
      expect(r.status).toBe(201);
      expect(r.json).toMatchObject({
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: { audiences: [ISSUER], expirationSeconds: 3600 },
        status: { expirationTimestamp: '2025-06-01T13:00:00Z' },
      });
      const token = r.json.status.token as string;
      expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES256', typ: 'JWT' });
      expect(decodeJwt(token)).toMatchObject({
        iss: ISSUER,
        sub: 'alice',
        aud: [ISSUER],
        'orgplane.io': { serviceaccount: { name: 'alice', uid } },
      });
      const me = await f.call('GET', '/whoami', { token });
      expect(me.json).toMatchObject({
        username: 'alice',
        uid,
        groups: ['orgplane:serviceaccounts', 'system:authenticated'],
      });
    });

    it('applies kube defaults and limits', async () => {
      await f.putAccount('limits');
      const def = await f.call('POST', '/apis/orgplane.io/v1alpha1/serviceaccounts/limits/token', {
        body: { spec: {} },
      });
      expect(def.json.spec.expirationSeconds).toBe(3600);
      const short = await f.call('POST', '/apis/orgplane.io/v1alpha1/serviceaccounts/limits/token', {
        body: { spec: { expirationSeconds: 10 } },
      });
      expect(short.status).toBe(422);
      expect(short.json.message).toBe(
        'TokenRequest.authentication.k8s.io "limits" is invalid: spec.expirationSeconds: Invalid value: 10: may not specify a duration less than 10 minutes',
      );
      const long = await f.call('POST', '/apis/orgplane.io/v1alpha1/serviceaccounts/limits/token', {
        body: { spec: { expirationSeconds: 10 * 24 * 3600 } },
      });
      expect(long.json.spec.expirationSeconds).toBe(48 * 3600);
      const wrongKind = await f.call('POST', '/apis/orgplane.io/v1alpha1/serviceaccounts/limits/token', {
        body: { kind: 'Pod' },
      });
      expect(wrongKind.status).toBe(400);
    });

    it('answers 404 in kube wording for a missing account and 403 for a disabled one', async () => {
      const missing = await f.call('POST', '/apis/orgplane.io/v1alpha1/serviceaccounts/nobody/token', {
        body: { spec: {} },
      });
      expect(missing.status).toBe(404);
      expect(missing.json.message).toBe('serviceaccounts.orgplane.io "nobody" not found');
      await f.putAccount('off', { disabled: true });
      const off = await f.call('POST', '/apis/orgplane.io/v1alpha1/serviceaccounts/off/token', {
        body: { spec: {} },
      });
      expect(off.status).toBe(403);
    });

    it('a token for another audience does not authenticate to the API server', async () => {
      await f.putAccount('aud');
      expect(await whoami(await tokenFor('aud', { audiences: ['https://vault.example'] }))).toBe(401);
      expect(await whoami(await tokenFor('aud', { audiences: ['https://vault.example', ISSUER] }))).toBe(200);
    });
  });

  describe('token verification', () => {
    it('honours exp and nbf against the injected clock, with a small skew', async () => {
      await f.putAccount('clocky');
      const token = await tokenFor('clocky', { expirationSeconds: 600 });
      expect(await whoami(token)).toBe(200);
      f.clock.advance(600 + 20); // within the 30 s skew
      expect(await whoami(token)).toBe(200);
      f.clock.advance(20);
      expect(await whoami(token)).toBe(401);
      f.clock.advance(-640 - 120); // two minutes before it was issued: not yet valid
      expect(await whoami(token)).toBe(401);
      f.clock.advance(120);
    });

    it('refuses alg none, HS256 forgeries, tampered payloads and unknown keys', async () => {
      const uid = await f.putAccount('target');
      const good = await tokenFor('target');
      const [h, p, s] = good.split('.') as [string, string, string];
      const claims = decodeJwt(good);
      const exp = Math.floor(f.clock.now().getTime() / 1000) + 3600;

      const none = `${b64({ alg: 'none' })}.${b64(claims)}.`;
      expect(await whoami(none)).toBe(401);

      // HS256 "signed" with the public key as the HMAC secret: the classic algorithm confusion
      const jwk = JSON.stringify(f.authn.keys.publicJwks().keys[0]);
      const hh = b64({ alg: 'HS256', typ: 'JWT', kid: decodeProtectedHeader(good).kid });
      const hs = `${hh}.${p}.${createHmac('sha256', jwk).update(`${hh}.${p}`).digest('base64url')}`;
      expect(await whoami(hs)).toBe(401);
      const plainForged = b64({ alg: 'HS256', typ: 'JWT' }) + '.' + b64({ sub: 'target', iss: 'x', exp });
      expect(
        await whoami(`${plainForged}.${createHmac('sha256', 'k').update(plainForged).digest('base64url')}`),
      ).toBe(401);

      const tampered = `${h}.${b64({ ...claims, sub: 'platform-admin' })}.${s}`;
      expect(await whoami(tampered)).toBe(401);
      const flipped = `${h}.${p}.${s.slice(0, -4)}${s.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
      expect(await whoami(flipped)).toBe(401);

      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const rogue = await new SignJWT({ 'orgplane.io': { serviceaccount: { name: 'target', uid } } })
        .setProtectedHeader({ alg: 'ES256', kid: decodeProtectedHeader(good).kid ?? '' })
        .setIssuer(ISSUER)
        .setSubject('target')
        .setAudience(ISSUER)
        .setIssuedAt()
        .setExpirationTime(exp)
        .sign(privateKey);
      expect(await whoami(rogue)).toBe(401);
      const unknownKid = await new SignJWT({})
        .setProtectedHeader({ alg: 'ES256', kid: 'nope' })
        .setIssuer(ISSUER)
        .setSubject('target')
        .setAudience(ISSUER)
        .setExpirationTime(exp)
        .sign(privateKey);
      expect(await whoami(unknownKid)).toBe(401);

      expect(await whoami('not-a-jwt')).toBe(401);
      expect(await whoami(good)).toBe(200);
      expect((await f.call('GET', '/whoami', { token: null })).status).toBe(401);
    });

    it('accepts the bootstrap token and nothing close to it', async () => {
      expect(await whoami('bootstrap-secret-token')).toBe(200);
      expect(await whoami('bootstrap-secret-tokeN')).toBe(401);
      expect(await whoami('bootstrap-secret-token2')).toBe(401);
    });
  });

  describe('revocation', () => {
    it('ends tokens when the account is disabled, and restores them when re-enabled', async () => {
      const uid = await f.putAccount('ci');
      const token = await tokenFor('ci');
      expect(await whoami(token)).toBe(200);
      await f.putAccount('ci', { uid, disabled: true });
      expect(await whoami(token)).toBe(401);
      await f.putAccount('ci', { uid, disabled: false });
      expect(await whoami(token)).toBe(200);
    });

    it('ends tokens when the account is deleted, and recreating it does not revive them', async () => {
      await f.putAccount('temp');
      const token = await tokenFor('temp');
      expect(await whoami(token)).toBe(200);
      await f.deleteAccount('temp');
      expect(await whoami(token)).toBe(401);
      await f.putAccount('temp');
      expect(await whoami(token)).toBe(401);
      expect(await whoami(await tokenFor('temp'))).toBe(200);
    });
  });
});
