/**
 * Passwords and POST /login on a real embedded store: setting a password (hash only, bound to
 * the account uid), logging in, identical 401s for every failure, per-account and per-address
 * rate limits with Retry-After, cleanup with the account, and no password in any log line.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access -- CallResult.json is the parsed body */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { serviceAccountCredentialCleanup } from '../../apiserver/kinds/serviceaccount.js';
import { passwordKey } from '../../apiserver/kinds/serviceaccount.js';
import type { Attributes } from '../../apiserver/admission/types.js';
import { startFixture, type Fixture } from './authn-fixture.js';

const PW = 'correct horse battery staple 42';
const generous = {
  perAccount: { burst: 100, refillSeconds: 1 },
  perAddress: { burst: 100, refillSeconds: 1 },
};

const setPassword = (f: Fixture, name: string, password: unknown): ReturnType<Fixture['call']> =>
  f.call('POST', `/apis/orgplane.io/v1alpha1/serviceaccounts/${name}/password`, { body: { password } });
const login = (f: Fixture, username: string, password: string): ReturnType<Fixture['call']> =>
  f.call('POST', '/login', { token: null, body: { username, password } });

describe('passwords and login', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture({ loginLimits: generous });
  });
  afterAll(async () => {
    await f.stop();
  });

  it('stores only an scrypt hash bound to the account uid and answers a Success Status', async () => {
    const uid = await f.putAccount('bob');
    const r = await setPassword(f, 'bob', PW);
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ kind: 'Status', status: 'Success', details: { name: 'bob' } });
    expect(r.text).not.toContain(PW);
    const kv = await f.storage.get(passwordKey('bob'));
    expect(JSON.parse(kv?.value ?? '{}')).toMatchObject({ algorithm: 'scrypt', uid });
    expect(kv?.value).not.toContain(PW);
  });

  it('refuses short, missing or unparsable passwords without echoing them', async () => {
    await f.putAccount('carol');
    const short = await setPassword(f, 'carol', 'abc1234');
    expect(short.status).toBe(422);
    expect(short.text).not.toContain('abc1234');
    expect((await setPassword(f, 'carol', 12345678)).status).toBe(422);
    const garbled = await f.call('POST', '/apis/orgplane.io/v1alpha1/serviceaccounts/carol/password', {
      body: '{"password": nope-secret-123}',
    });
    expect(garbled.status).toBe(400);
    expect(garbled.text).not.toContain('nope-secret');
    expect((await setPassword(f, 'nobody', PW)).status).toBe(404);
  });

  it('logs in with the right password and the token authenticates', async () => {
    const r = await login(f, 'bob', PW);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      kind: 'TokenRequest',
      status: { expirationTimestamp: '2025-06-01T20:00:00Z' },
    });
    expect(r.headers['cache-control']).toBe('no-store');
    const me = await f.call('GET', '/whoami', { token: r.json.status.token as string });
    expect(me.json).toMatchObject({
      username: 'bob',
      groups: ['orgplane:serviceaccounts', 'system:authenticated'],
    });
  });

  it('gives every failure the same 401', async () => {
    await f.putAccount('nopw');
    await f.putAccount('off', { disabled: true });
    await setPassword(f, 'off', PW);
    const answers = await Promise.all([
      login(f, 'bob', 'wrong password'),
      login(f, 'ghost', PW),
      login(f, 'nopw', PW),
      login(f, 'off', PW),
      login(f, 'Not/A Name', PW),
    ]);
    for (const a of answers) {
      expect(a.status).toBe(401);
      expect(a.json).toMatchObject({
        kind: 'Status',
        reason: 'Unauthorized',
        message: 'invalid username or password',
      });
      expect(a.text).toBe(answers[0].text);
    }
    expect((await f.call('POST', '/login', { token: null, body: { username: 'bob' } })).status).toBe(400);
  });

  it('does not accept the password of a deleted account after it is recreated', async () => {
    await f.putAccount('dora');
    await setPassword(f, 'dora', PW);
    expect((await login(f, 'dora', PW)).status).toBe(200);
    await f.deleteAccount('dora');
    expect((await login(f, 'dora', PW)).status).toBe(401);
    await f.putAccount('dora');
    expect((await login(f, 'dora', PW)).status).toBe(401);
    await setPassword(f, 'dora', 'a brand new password');
    expect((await login(f, 'dora', 'a brand new password')).status).toBe(200);
  });

  it('deletes the password record in the account delete transaction', async () => {
    await f.putAccount('erin');
    await setPassword(f, 'erin', PW);
    const plugin = serviceAccountCredentialCleanup();
    const attrs = {
      operation: 'DELETE',
      resource: { group: 'orgplane.io', plural: 'serviceaccounts' },
      subresource: '',
      name: 'erin',
      txn: { compares: [], ops: [], charges: [] },
    } as unknown as Attributes;
    expect(plugin.handles(attrs)).toBe(true);
    await plugin.validate?.(attrs);
    const key = '/registry/orgplane.io/serviceaccounts/erin';
    const r = await f.storage.txn({ compares: [], success: [{ type: 'delete', key }, ...attrs.txn.ops] });
    expect(r.succeeded).toBe(true);
    expect(await f.storage.get(passwordKey('erin'))).toBeUndefined();
    // an account without a password deletes cleanly too
    await f.putAccount('frank');
    const attrs2 = {
      ...attrs,
      name: 'frank',
      txn: { compares: [], ops: [], charges: [] },
    } as unknown as Attributes;
    await plugin.validate?.(attrs2);
    const key2 = '/registry/orgplane.io/serviceaccounts/frank';
    expect(
      (await f.storage.txn({ compares: [], success: [{ type: 'delete', key: key2 }, ...attrs2.txn.ops] }))
        .succeeded,
    ).toBe(true);
  });

  it('never writes a password into a log line', () => {
    const all = f.logs.join('\n');
    expect(all).toContain('login failed');
    for (const secret of [PW, 'wrong password', 'abc1234', 'nope-secret', 'a brand new password']) {
      expect(all).not.toContain(secret);
    }
  });
});

describe('login rate limiting', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture({
      loginLimits: {
        perAccount: { burst: 3, refillSeconds: 60 },
        perAddress: { burst: 6, refillSeconds: 10 },
      },
    });
    await f.putAccount('gina');
    await setPassword(f, 'gina', PW);
  });
  afterAll(async () => {
    await f.stop();
  });

  it('limits failed attempts per account with 429 and Retry-After, even for the right password', async () => {
    expect((await login(f, 'gina', PW)).status).toBe(200); // a success gives its token back
    for (let i = 0; i < 3; i++) expect((await login(f, 'gina', `guess ${i}`)).status).toBe(401);
    const limited = await login(f, 'gina', PW);
    expect(limited.status).toBe(429);
    expect(limited.json).toMatchObject({ reason: 'TooManyRequests', details: { retryAfterSeconds: 60 } });
    expect(limited.headers['retry-after']).toBe('60');
    f.clock.advance(60);
    expect((await login(f, 'gina', PW)).status).toBe(200);
  });

  it('limits failed attempts per source address across accounts', async () => {
    f.clock.advance(3600);
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await login(f, `someone-${i}`, 'guess')).status);
    expect(codes).toEqual([401, 401, 401, 401, 401, 401, 429]);
  });

  it('keeps parallel guesses within the burst', async () => {
    f.clock.advance(3600);
    const codes = await Promise.all(
      Array.from({ length: 6 }, (_, i) => login(f, 'gina', `parallel ${i}`).then((r) => r.status)),
    );
    expect(codes.filter((c) => c === 401)).toHaveLength(3);
    expect(codes.filter((c) => c === 429)).toHaveLength(3);
  });
});
