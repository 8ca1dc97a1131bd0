/**
 * Signing keys shared through the store: one key on first start (even when servers race), a
 * rotation on one server is followed by the others through the watch, old tokens verify until
 * they expire, retired keys are dropped once no token they signed can still be valid, and JWKS
 * never carries a private part.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeProtectedHeader } from 'jose';
import type { Request } from 'express';
import { createAuthn, type Authn } from '../../apiserver/authn/index.js';
import { SIGNING_KEYS_PREFIX } from '../../apiserver/authn/signing-keys.js';
import { silentLogger } from '../../apiserver/observability/logger.js';
import { openEmbeddedStorage } from '../../apiserver/storage/embedded/index.js';
import { InternalStore } from '../../apiserver/registry/internal.js';
import { ISSUER, startFixture, type Fixture } from './authn-fixture.js';

const bearer = (token: string): Request =>
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
  ({ headers: { authorization: `Bearer ${token}` } }) as Request;

async function eventually(check: () => boolean | Promise<boolean>, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe.each(['embedded', 'etcd'] as const)('signing key rotation across API servers (%s)', (backend) => {
  let f: Fixture;
  let other: Authn;
  beforeAll(async () => {
    f = await startFixture({ backend });
    other = await f.second();
  });
  afterAll(async () => {
    await f.stop();
  });

  it('shares the first key instead of creating another', () => {
    expect(other.keys.signingKey().kid).toBe(f.authn.keys.signingKey().kid);
    expect(f.authn.keys.publicJwks().keys).toHaveLength(1);
  });

  it('keeps old tokens valid after a rotation on another server, until they expire', async () => {
    const uid = await f.putAccount('rot');
    const account = { name: 'rot', uid };
    const oldKid = f.authn.keys.signingKey().kid;
    const old = await f.authn.issue({ account, audiences: [ISSUER], expirationSeconds: 3600 });

    const newKid = await other.rotateSigningKey();
    expect(newKid).not.toBe(oldKid);
    await eventually(() => f.authn.keys.signingKey().kid === newKid);
    expect(
      f.authn.keys
        .publicJwks()
        .keys.map((k) => k.kid)
        .sort(),
    ).toEqual([oldKid, newKid].sort());

    const fresh = await f.authn.issue({ account, audiences: [ISSUER], expirationSeconds: 3600 });
    expect(decodeProtectedHeader(fresh.token).kid).toBe(newKid);
    // the other server learns of the account 'rot' from its own watch: wait for it, not for a key
    await eventually(async () => (await other.authenticate(bearer(fresh.token))) !== undefined);
    for (const a of [f.authn, other]) {
      await expect(a.authenticate(bearer(old.token))).resolves.toMatchObject({ username: 'rot', uid });
      await expect(a.authenticate(bearer(fresh.token))).resolves.toMatchObject({ username: 'rot', uid });
    }
    f.clock.advance(3600 + 60);
    await expect(other.authenticate(bearer(old.token))).resolves.toBeUndefined();
  });

  it('drops a retired key once the longest token lifetime has passed', async () => {
    const before = f.authn.keys.publicJwks().keys.map((k) => k.kid);
    expect(before).toHaveLength(2);
    const active = f.authn.keys.signingKey().kid;
    const retired = before.find((k) => k !== active) ?? '';
    f.clock.advance(48 * 3600 + 600);
    const next = await f.authn.rotateSigningKey();
    await eventually(
      () =>
        other.keys.verificationKey(retired) === undefined && other.keys.verificationKey(next) !== undefined,
    );
    expect(
      f.authn.keys
        .publicJwks()
        .keys.map((k) => k.kid)
        .sort(),
    ).toEqual([active, next].sort());
    const stored = await f.storage.list(SIGNING_KEYS_PREFIX);
    expect(stored.items.map((kv) => kv.key).filter((k) => k.includes(retired))).toEqual([]);
  });

  it('never publishes private key material', () => {
    for (const k of f.authn.keys.publicJwks().keys) {
      expect(Object.keys(k).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
    }
  });
});

describe('first start', () => {
  it('creates exactly one key when several servers start at once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'orgplane-keys-'));
    const storage = await openEmbeddedStorage({ path: dir });
    const opts = {
      internal: new InternalStore(storage),
      logger: silentLogger(),
      now: () => new Date(),
      issuer: () => ISSUER,
    };
    const servers = await Promise.all([createAuthn(opts), createAuthn(opts), createAuthn(opts)]);
    try {
      const kids = new Set(servers.map((s) => s.keys.signingKey().kid));
      expect(kids.size).toBe(1);
      expect((await storage.list(SIGNING_KEYS_PREFIX + 'keys/')).items).toHaveLength(1);
    } finally {
      for (const s of servers) s.stop();
      await storage.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
