/**
 * `orgplane login` against a real HTTPS server: the kubeconfig it writes (new file, merged into
 * an existing one, CA taken from the kubeconfig), and its one-line failures.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { load } from 'js-yaml';
import { login, type LoginFlags } from '../../cmd/login.js';
import { startFixture, type Fixture } from './authn-fixture.js';

const PW = 'gitops password 1';
let f: Fixture;
let dir: string;
const lines: string[] = [];

beforeAll(async () => {
  f = await startFixture();
  dir = await mkdtemp(join(tmpdir(), 'orgplane-login-'));
  await writeFile(join(dir, 'ca.crt'), f.caCert);
  await f.putAccount('gitops-bot');
  const r = await f.call('POST', '/apis/orgplane.io/v1alpha1/serviceaccounts/gitops-bot/password', {
    body: { password: PW },
  });
  expect(r.status).toBe(201);
});
afterAll(async () => {
  await f.stop();
  await rm(dir, { recursive: true, force: true });
});

const run = (flags: Partial<LoginFlags>, password = PW): Promise<void> =>
  login(
    { server: f.url, username: 'gitops-bot', ...flags },
    { readPassword: () => Promise.resolve(password), write: (l) => lines.push(l) },
  );

interface Kubeconfig {
  clusters: { name: string; cluster: Record<string, unknown> }[];
  users: { name: string; user: { token?: string } }[];
  contexts: { name: string; context: { cluster: string; user: string } }[];
  'current-context': string;
}
const readKc = async (path: string): Promise<Kubeconfig> => load(await readFile(path, 'utf8')) as Kubeconfig;

describe('orgplane login', () => {
  it('writes a new kubeconfig whose token authenticates as the account', async () => {
    const kc = join(dir, 'bot.kc');
    await run({ kubeconfig: kc, certificateAuthority: join(dir, 'ca.crt') });
    const doc = await readKc(kc);
    const ctx = doc.contexts.find((c) => c.name === doc['current-context']);
    const cluster = doc.clusters.find((c) => c.name === ctx?.context.cluster);
    const user = doc.users.find((u) => u.name === ctx?.context.user);
    expect(cluster?.cluster).toEqual({
      server: f.url,
      'certificate-authority-data': Buffer.from(f.caCert).toString('base64'),
    });
    const me = await f.call('GET', '/whoami', { token: user?.user.token ?? '' });
    expect(me.json).toMatchObject({ username: 'gitops-bot' });
    expect(lines.at(-1)).toMatch(
      /^Logged in to https:\/\/127\.0\.0\.1:\d+ as gitops-bot until .*; context "gitops-bot@127\.0\.0\.1:\d+"/,
    );
  });

  it('merges into an existing kubeconfig and takes the CA it already trusts', async () => {
    const kc = join(dir, 'admin.kc');
    const admin = {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'orgplane',
          cluster: { server: f.url, 'certificate-authority-data': Buffer.from(f.caCert).toString('base64') },
        },
      ],
      users: [{ name: 'admin', user: { token: 'admin-token' } }],
      contexts: [{ name: 'admin', context: { cluster: 'orgplane', user: 'admin' } }],
      'current-context': 'admin',
    };
    await writeFile(kc, JSON.stringify(admin));
    await run({ kubeconfig: kc, context: 'bot' });
    const doc = await readKc(kc);
    expect(doc.clusters).toHaveLength(1);
    expect(doc.users.map((u) => u.name)).toEqual(['admin', 'gitops-bot@orgplane']);
    expect(doc.contexts).toContainEqual({
      name: 'bot',
      context: { cluster: 'orgplane', user: 'gitops-bot@orgplane' },
    });
    expect(doc['current-context']).toBe('bot');
  });

  it('fails with one clean line', async () => {
    const kc = join(dir, 'none.kc');
    const ca = join(dir, 'ca.crt');
    await expect(run({ kubeconfig: kc, certificateAuthority: ca }, 'wrong password')).rejects.toThrow(
      /^login failed: invalid username or password$/,
    );
    await expect(run({ kubeconfig: kc })).rejects.toThrow(
      /certificate.*\(pass the server CA with --certificate-authority\)$/,
    );
    await expect(run({ kubeconfig: kc, server: 'http://127.0.0.1:1' })).rejects.toThrow(
      /must be an https:\/\/ URL/,
    );
    await expect(run({ kubeconfig: kc, certificateAuthority: join(dir, 'missing.crt') })).rejects.toThrow(
      /cannot read --certificate-authority/,
    );
    await writeFile(join(dir, 'broken.kc'), 'clusters: [');
    await expect(run({ kubeconfig: join(dir, 'broken.kc'), certificateAuthority: ca })).rejects.toThrow(
      /^kubeconfig .*broken\.kc /,
    );
  });
});
