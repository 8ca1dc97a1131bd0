/**
 * The console's server side over HTTPS against a real server: static assets with CSP and the SPA
 * fallback, sign-in by password and by token into an HttpOnly/Secure/SameSite=Strict cookie,
 * /console/api/ as the API under the cookie's token (get, list, watch, create), the CSRF header
 * rule, 401 without a session, sign-out, and an audit trail naming the user, never the token.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access -- CallResult.json is the parsed body */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConsole } from '../../hack/build-console.js';
import { startTestServer, type CallOptions, type CallResult, type TestServer } from '../support/apiserver.js';

const PW = 'console password 1234';
const ORGS = '/apis/orgplane.io/v1alpha1/organizations';
const AGENTS = '/apis/orgplane.io/v1alpha1/namespaces/acme/agents';
const CSRF = { 'X-Orgplane-Console': '1' };

const cookieOf = (r: CallResult): string => {
  const set = r.headers['set-cookie'];
  const first = Array.isArray(set) ? set[0] : set;
  if (!first) throw new Error(`no Set-Cookie (status ${String(r.status)}: ${r.text})`);
  return first;
};

describe('console server', () => {
  let ts: TestServer;
  let assets: string;
  let cookie = '';
  let aliceToken = '';
  const call = (method: string, path: string, opts: CallOptions = {}): Promise<CallResult> =>
    ts.call(method, path, { token: null, ...opts });
  const asAlice = (method: string, path: string, opts: CallOptions = {}): Promise<CallResult> =>
    call(method, path, { ...opts, headers: { Cookie: cookie, ...opts.headers } });

  beforeAll(async () => {
    assets = await mkdtemp(join(tmpdir(), 'orgplane-console-'));
    await buildConsole(assets);
    const policy = join(assets, 'policy.yaml');
    await writeFile(policy, 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: RequestResponse\n');
    ts = await startTestServer('embedded', { consoleDir: assets, audit: { policyFile: policy } });
    for (const name of ['acme', 'other']) {
      const org = { apiVersion: 'orgplane.io/v1alpha1', kind: 'Organization', metadata: { name } };
      expect((await ts.call('POST', ORGS, { body: { ...org, spec: { quota: { agents: 5 } } } })).status).toBe(
        201,
      );
    }
    const sa = { apiVersion: 'orgplane.io/v1alpha1', kind: 'ServiceAccount', metadata: { name: 'alice' } };
    expect((await ts.call('POST', '/apis/orgplane.io/v1alpha1/serviceaccounts', { body: sa })).status).toBe(
      201,
    );
    const binding = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'alice-admin', namespace: 'acme' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'org-admin' },
      subjects: [{ kind: 'User', name: 'alice' }],
    };
    const rb = await ts.call('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/acme/rolebindings', {
      body: binding,
    });
    expect(rb.status).toBe(201);
    const pw = await ts.call('POST', '/apis/orgplane.io/v1alpha1/serviceaccounts/alice/password', {
      body: { password: PW },
    });
    expect(pw.status).toBe(201);
    const tr = await ts.call('POST', '/apis/orgplane.io/v1alpha1/serviceaccounts/alice/token', {
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} },
    });
    expect(tr.status).toBe(201);
    aliceToken = tr.json.status.token as string;
  }, 90_000);

  afterAll(async () => {
    await ts.stop();
    await rm(assets, { recursive: true, force: true });
  }, 30_000);

  it('serves the built console with a strict CSP, and index.html for its pages', async () => {
    const index = await call('GET', '/console/');
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toMatch(/text\/html/);
    expect(index.text).toContain('/console/app.js');
    expect(index.headers['content-security-policy']).toMatch(/^default-src 'self'; script-src 'self'/);
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    const js = await call('GET', '/console/app.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.headers['content-security-policy']).toBeDefined();
    const page = await call('GET', '/console/organizations/acme/agents/acme/bot');
    expect(page.status).toBe(200);
    expect(page.text).toBe(index.text);
    expect((await call('GET', '/console/missing.js')).status).toBe(404);
    const bare = await call('GET', '/console');
    expect(bare.status).toBe(301);
    expect(bare.headers.location).toBe('/console/');
  });

  it('refuses a wrong password with the 401 of POST /login and sets no cookie', async () => {
    const r = await call('POST', '/console/session', { body: { username: 'alice', password: 'wrong one' } });
    expect(r.status).toBe(401);
    expect(r.json).toMatchObject({ kind: 'Status', code: 401, message: 'invalid username or password' });
    expect(r.headers['set-cookie']).toBeUndefined();
    const none = await call('POST', '/console/session', { body: { username: 'alice' } });
    expect(none.status).toBe(400);
  });

  it('signs in by password into an HttpOnly, Secure, SameSite=Strict cookie scoped to /console/', async () => {
    let r = await call('POST', '/console/session', { body: { username: 'alice', password: PW } });
    for (let i = 0; r.status === 401 && i < 20; i++) {
      // the account index follows the store: give a fresh account a moment
      await new Promise((res) => setTimeout(res, 100));
      r = await call('POST', '/console/session', { body: { username: 'alice', password: PW } });
    }
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      username: 'alice',
      groups: expect.arrayContaining(['system:authenticated']),
    });
    expect(r.json.expirationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const set = cookieOf(r);
    expect(set).toMatch(/^orgplane-console=[A-Za-z0-9._-]+; /);
    expect(set).toContain('HttpOnly');
    expect(set).toContain('Secure');
    expect(set).toContain('SameSite=Strict');
    expect(set).toContain('Path=/console/');
    const maxAge = Number(/Max-Age=(\d+)/.exec(set)?.[1]);
    expect(maxAge).toBeGreaterThan(3600);
    cookie = set.split(';')[0] ?? '';
    expect(r.text).not.toContain(cookie.slice('orgplane-console='.length));
    const me = await asAlice('GET', '/console/session');
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ username: 'alice' });
    expect((await call('GET', '/console/session')).status).toBe(401);
  });

  it('signs in by token with the API authenticator; a bad token is a 401 Status', async () => {
    const r = await call('POST', '/console/session', { body: { token: aliceToken } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ username: 'alice' });
    expect(cookieOf(r)).toContain(`orgplane-console=${aliceToken};`);
    const bad = await call('POST', '/console/session', { body: { token: `${aliceToken}x` } });
    expect(bad.status).toBe(401);
    expect(bad.json).toMatchObject({ kind: 'Status', message: 'the token is not valid or has expired' });
    expect(bad.text).not.toContain(aliceToken);
    const garbage = await call('POST', '/console/session', { body: { token: 'not a token; Path=/' } });
    expect(garbage.status).toBe(401);
    expect(garbage.headers['set-cookie']).toBeUndefined();
  });

  it('answers /console/api/ as the API under the cookie token: tenant-filtered list, get, create, watch', async () => {
    const list = await asAlice('GET', `/console/api${ORGS}`);
    expect(list.status).toBe(200);
    const items = list.json.items as { metadata: { name: string } }[];
    expect(items.map((o) => o.metadata.name)).toEqual(['acme']);
    expect((await asAlice('GET', `/console/api${ORGS}/acme`)).json).toMatchObject({
      metadata: { name: 'acme' },
    });
    expect((await asAlice('GET', `/console/api${ORGS}/other`)).status).toBe(403);
    const agents = await asAlice('GET', `/console/api${AGENTS}`);
    const rv = agents.json.metadata.resourceVersion as string;
    const agent = {
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Agent',
      metadata: { name: 'bot' },
      spec: { model: 'm' },
    };
    const created = await asAlice('POST', `/console/api${AGENTS}`, { body: agent, headers: CSRF });
    expect(created.status).toBe(201);
    const watch = await asAlice(
      'GET',
      `/console/api${AGENTS}?watch=1&resourceVersion=${rv}&timeoutSeconds=1`,
    );
    expect(watch.status).toBe(200);
    expect(watch.text).toMatch(/"type":"ADDED","object":\{[^\n]*"name":"bot"/);
  });

  it('needs the CSRF header on writes and a session cookie on every call', async () => {
    const agent = {
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Agent',
      metadata: { name: 'csrf' },
      spec: { model: 'm' },
    };
    const noHeader = await asAlice('POST', `/console/api${AGENTS}`, { body: agent });
    expect(noHeader.status).toBe(403);
    expect(noHeader.json).toMatchObject({
      kind: 'Status',
      reason: 'Forbidden',
      message: expect.stringContaining('X-Orgplane-Console'),
    });
    expect((await ts.call('GET', `${AGENTS}/csrf`)).status).toBe(404);
    const noCookie = await call('GET', `/console/api${ORGS}`);
    expect(noCookie.status).toBe(401);
    expect(noCookie.json).toMatchObject({ kind: 'Status', code: 401 });
    // a browser's own Authorization header is no way in
    const admin = await ts.call('GET', `/console/api${ORGS}`);
    expect(admin.status).toBe(401);
    const expired = await call('GET', `/console/api${ORGS}`, {
      headers: { Cookie: 'orgplane-console=bogus.token.x' },
    });
    expect(expired.status).toBe(401);
  });

  it('audits a proxied request as the signed-in user, never with the token or password', async () => {
    const agent = {
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Agent',
      metadata: { name: 'audited' },
      spec: { model: 'm' },
    };
    const r = await asAlice('POST', `/console/api${AGENTS}`, { body: agent, headers: CSRF });
    expect(r.status).toBe(201);
    const auditID = r.headers['audit-id'] as string;
    const dir = join(ts.dataDir, 'audit');
    let log = '';
    for (let i = 0; i < 50 && !log.includes(`"auditID":"${auditID}"`); i++) {
      await new Promise((res) => setTimeout(res, 100));
      const files = (await readdir(dir)).filter((f) => f.startsWith('audit'));
      log = (await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')))).join('');
    }
    const line = log
      .split('\n')
      .find((l) => l.includes(`"auditID":"${auditID}"`) && l.includes('ResponseComplete'));
    expect(line).toBeDefined();
    expect(JSON.parse(line ?? '{}')).toMatchObject({
      user: { username: 'alice' },
      verb: 'create',
      requestURI: '/apis/orgplane.io/v1alpha1/namespaces/acme/agents',
      objectRef: { resource: 'agents', namespace: 'acme', name: 'audited' },
    });
    const token = cookie.slice('orgplane-console='.length);
    expect(log).not.toContain(token);
    expect(log).not.toContain(aliceToken);
    expect(log).not.toContain(PW);
  });

  it('answers a cookie that no longer authenticates with an expired-session 401 and drops it', async () => {
    const r = await call('GET', '/console/session', {
      headers: { Cookie: `orgplane-console=${aliceToken}x` },
    });
    expect(r.status).toBe(401);
    expect(r.json).toMatchObject({ reason: 'Unauthorized', details: { kind: 'session', name: 'expired' } });
    expect(cookieOf(r)).toMatch(/^orgplane-console=; .*Max-Age=0/);
    const none = await call('GET', '/console/session');
    expect(none.status).toBe(401);
    expect((none.json as { details?: unknown }).details).toBeUndefined();
  });

  it('signs out by clearing the cookie', async () => {
    const r = await asAlice('DELETE', '/console/session', { headers: CSRF });
    expect(r.status).toBe(204);
    expect(cookieOf(r)).toMatch(/^orgplane-console=; .*Max-Age=0/);
  });
});
