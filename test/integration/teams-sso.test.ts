/**
 * SSO membership end to end: a local OIDC issuer (a JWKS server in the test, tokens signed with its
 * key) is trusted with an organizationClaim; an Organization's spec.sso lets users whose claim
 * holds one of its ids, or whose verified email is in one of its domains, act with its role in the
 * organization's namespaces, per request. An unverified email or a changed claim grants nothing,
 * and SelfSubjectAccessReview agrees with the requests.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT, type JWK } from 'jose';
import { startTestServer, type TestServer } from '../support/apiserver.js';
import { agent, agentsPath, eventually, make, ORG, team, teamsPath } from '../support/teams.js';

const ISSUER = 'https://sso-idp.example';
const CLAIM = 'urn:zitadel:iam:org:id';
const key = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...(key.publicKey.export({ format: 'jwk' }) as JWK), kid: 'k1', alg: 'RS256', use: 'sig' };

describe('SSO membership', () => {
  let idp: Server;
  let ts: TestServer;
  let dir = '';

  const token = (claims: Record<string, unknown>): Promise<string> => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(ISSUER)
      .setAudience('orgplane')
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(key.privateKey);
  };

  const canCreate = async (tok: string, ns: string): Promise<boolean> => {
    const r = await ts.call('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      token: tok,
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: {
          resourceAttributes: { verb: 'create', group: 'orgplane.io', resource: 'agents', namespace: ns },
        },
      },
    });
    return (r.json as { status: { allowed: boolean } }).status.allowed;
  };

  beforeAll(async () => {
    idp = createServer((_req, resp) => {
      resp.setHeader('Content-Type', 'application/json');
      resp.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => idp.listen(0, '127.0.0.1', r));
    const jwksUrl = `http://127.0.0.1:${String((idp.address() as AddressInfo).port)}/keys`;
    dir = await mkdtemp(join(tmpdir(), 'orgplane-sso-'));
    const config = join(dir, 'oidc.yaml');
    await writeFile(
      config,
      `issuers:\n- {issuerUrl: "${ISSUER}", jwksUrl: "${jwksUrl}", audiences: [orgplane], usernameClaim: sub, usernamePrefix: "sso:", organizationClaim: "${CLAIM}"}\n`,
    );
    ts = await startTestServer('embedded', { oidcConfigFile: config });
    await make(ts, `${ORG}/organizations`, {
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Organization',
      metadata: { name: 'sso-org' },
      spec: { sso: { organizationIds: ['zorg-1'], emailDomains: ['sso.example'], role: 'developer' } },
    });
    await make(ts, teamsPath('sso-org'), team('eng'));
  }, 60_000);

  afterAll(async () => {
    await ts.stop();
    idp.closeAllConnections();
    await new Promise<void>((r) =>
      idp.close(() => {
        r();
      }),
    );
    await rm(dir, { recursive: true, force: true });
  });

  it('grants the role to a user whose organization claim matches, in the tree and nowhere else', async () => {
    const tok = await token({ sub: 'ann', [CLAIM]: 'zorg-1' });
    expect(await eventually(() => canCreate(tok, 'sso-org'))).toBe(true);
    expect((await ts.call('POST', agentsPath('sso-org'), { token: tok, body: agent('a1') })).status).toBe(
      201,
    );
    expect((await ts.call('POST', agentsPath('sso-org-eng'), { token: tok, body: agent('a2') })).status).toBe(
      201,
    );
    expect(await canCreate(tok, 'sso-org-eng')).toBe(true);
    expect((await ts.call('GET', teamsPath('sso-org'), { token: tok })).status).toBe(200);
    expect((await ts.call('GET', `${ORG}/organizations`, { token: tok })).json).toMatchObject({
      items: [{ metadata: { name: 'sso-org' } }],
    });
  });

  it('grants it to a verified email of the domain, not to an unverified one', async () => {
    const verified = await token({ sub: 'bob', email: 'bob@sso.example', email_verified: true });
    const unverified = await token({ sub: 'eve', email: 'eve@sso.example', email_verified: false });
    expect(await canCreate(verified, 'sso-org')).toBe(true);
    expect(
      (await ts.call('POST', agentsPath('sso-org'), { token: verified, body: agent('b1') })).status,
    ).toBe(201);
    expect(await canCreate(unverified, 'sso-org')).toBe(false);
    expect(
      (await ts.call('POST', agentsPath('sso-org'), { token: unverified, body: agent('e1') })).status,
    ).toBe(403);
  });

  it('stops as soon as the claim no longer matches', async () => {
    const moved = await token({ sub: 'ann', [CLAIM]: 'zorg-2' });
    expect(await canCreate(moved, 'sso-org')).toBe(false);
    expect((await ts.call('POST', agentsPath('sso-org'), { token: moved, body: agent('a3') })).status).toBe(
      403,
    );
    expect((await ts.call('GET', teamsPath('sso-org'), { token: moved })).status).toBe(403);
  });
});
