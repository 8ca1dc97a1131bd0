import { describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { tokenIssuer } from './tokens.js';
import { serviceAccountVerifier } from './verify-jwt.js';

const ISSUER = 'https://orgplane.test';

function setup() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const state = { now: Date.parse('2026-01-01T00:00:00Z'), keys: new Map([['k1', publicKey]]), active: true };
  const now = (): Date => new Date(state.now);
  const issue = tokenIssuer({
    signingKey: () => ({ kid: 'k1', alg: 'ES256', privateKey }),
    issuer: () => ISSUER,
    now,
  });
  const verify = serviceAccountVerifier({
    verificationKey: (kid) => state.keys.get(kid),
    isActive: () => state.active,
    issuers: () => [ISSUER],
    audiences: () => [ISSUER],
    now,
  });
  const token = async (seconds = 600): Promise<string> =>
    (await issue({ account: { name: 'alice', uid: 'u1' }, audiences: [ISSUER], expirationSeconds: seconds }))
      .token;
  return { state, verify, token };
}

describe('service account token verification (remembered tokens)', () => {
  it('answers a reused token the same as the first time', async () => {
    const { verify, token } = setup();
    const t = await token();
    const first = await verify(t);
    expect(first?.username).toBe('alice');
    expect(await verify(t)).toEqual(first);
  });

  it('refuses a remembered token once it expired', async () => {
    const { state, verify, token } = setup();
    const t = await token(600);
    expect(await verify(t)).toBeDefined();
    state.now += 700_000;
    expect(await verify(t)).toBeUndefined();
  });

  it('refuses a remembered token once its key is dropped or its account disabled', async () => {
    const { state, verify, token } = setup();
    const t = await token();
    expect(await verify(t)).toBeDefined();
    state.active = false;
    expect(await verify(t)).toBeUndefined();
    state.active = true;
    expect(await verify(t)).toBeDefined();
    state.keys.clear();
    expect(await verify(t)).toBeUndefined();
  });

  it('never remembers a forged token', async () => {
    const { verify, token } = setup();
    const t = await token();
    const forged = `${t.slice(0, -4)}AAAA`;
    expect(await verify(forged)).toBeUndefined();
    expect(await verify(forged)).toBeUndefined();
  });
});
