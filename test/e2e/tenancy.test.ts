/**
 * Real kubectl as several users of the built `orgplane up`: service account tokens, RBAC
 * isolation between organizations, filtered lists, escalation refusals, a CI bot, a disabled
 * account, and the audit trail of a denial. Runs on the embedded store and on etcd.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { startE2eServer, type E2eServer, type KubectlResult } from '../support/e2e.js';

jest.setTimeout(60_000);

const SETUP = `
apiVersion: orgplane.io/v1alpha1
kind: Organization
metadata: {name: globex}
spec: {displayName: Globex}
---
apiVersion: orgplane.io/v1alpha1
kind: Organization
metadata: {name: initech}
spec: {displayName: Initech}
---
apiVersion: orgplane.io/v1alpha1
kind: Agent
metadata: {name: g-helper, namespace: globex}
spec: {model: m}
---
apiVersion: orgplane.io/v1alpha1
kind: Agent
metadata: {name: i-helper, namespace: initech}
spec: {model: m}
${['carol', 'dave', 'erin-bot']
  .map((n) => `---\napiVersion: orgplane.io/v1alpha1\nkind: ServiceAccount\nmetadata: {name: ${n}}\n`)
  .join('')}
${[
  ['carol-admin', 'globex', 'org-admin', 'carol'],
  ['dave-viewer', 'initech', 'viewer', 'dave'],
  ['dave-dev', 'globex', 'developer', 'dave'],
  ['erin-deployer', 'globex', 'deployer', 'erin-bot'],
]
  .map(
    ([name, ns, role, user]) => `---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: ${name}, namespace: ${ns}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role}}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: ${user}}]
`,
  )
  .join('')}`;

const agentYaml = (name: string, ns: string): string =>
  `apiVersion: orgplane.io/v1alpha1\nkind: Agent\nmetadata: {name: ${name}, namespace: ${ns}}\nspec: {model: m}\n`;

describe.each(['embedded', 'etcd'] as const)('tenancy with kubectl on %s', (backend) => {
  let server: E2eServer;
  let dir: string;
  const kc = (user: string): string => join(dir, `${user}.kubeconfig`);
  const admin = (args: string[], stdin?: string): Promise<KubectlResult> =>
    server.kubectl(args, stdin === undefined ? {} : { stdin });
  const as = (user: string, args: string[], stdin?: string): Promise<KubectlResult> =>
    server.kubectl(['--kubeconfig', kc(user), ...args], stdin === undefined ? {} : { stdin });

  beforeAll(async () => {
    server = await startE2eServer(backend);
    dir = await mkdtemp(join(tmpdir(), 'orgplane-tenancy-'));
    expect((await admin(['apply', '-f', '-'], SETUP)).code).toBe(0);
    for (const user of ['carol', 'dave', 'erin-bot']) {
      const req =
        '{"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{"expirationSeconds":3600}}';
      const out = await admin(
        ['create', '--raw', `/apis/orgplane.io/v1alpha1/serviceaccounts/${user}/token`, '-f', '-'],
        req,
      );
      const token = (JSON.parse(out.stdout) as { status: { token: string } }).status.token;
      await copyFile(server.kubeconfig, kc(user));
      await server.kubectl(['--kubeconfig', kc(user), 'config', 'set-credentials', user, `--token=${token}`]);
      await server.kubectl([
        '--kubeconfig',
        kc(user),
        'config',
        'set-context',
        '--current',
        `--user=${user}`,
      ]);
    }
  }, 120_000);

  afterAll(async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test('an organization admin sees its own organization only, and lists across namespaces are filtered', async () => {
    expect((await as('carol', ['get', 'agents', '-n', 'globex', '-o', 'name'])).stdout.trim()).toBe(
      'agent.orgplane.io/g-helper',
    );
    const other = await as('carol', ['get', 'agents', '-n', 'initech']);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain(
      'agents.orgplane.io is forbidden: User "carol" cannot list resource "agents" in API group "orgplane.io" in the namespace "initech"',
    );
    const all = await as('carol', ['get', 'agents', '-A', '--no-headers']);
    expect(all.stdout).toMatch(/^globex +g-helper/);
    expect(all.stdout).not.toContain('i-helper');
    expect((await as('carol', ['get', 'organizations', '-o', 'name'])).stdout.trim()).toBe(
      'organization.orgplane.io/globex',
    );
    const patch = await as('carol', [
      'patch',
      'organization',
      'globex',
      '--type=merge',
      '-p',
      '{"spec":{"plan":"max"}}',
    ]);
    expect(patch.stderr).toContain('forbidden');
  });

  test('an organization admin cannot grant more than it holds, but may bind lesser roles', async () => {
    const grab = await as('carol', [
      'create',
      'clusterrolebinding',
      'carol-grab',
      '--clusterrole=cluster-admin',
      '--user=carol',
    ]);
    expect(grab.code).toBe(1);
    expect(grab.stderr).toContain('forbidden');
    const escalate = await as('carol', [
      'create',
      'rolebinding',
      'grab',
      '--clusterrole=cluster-admin',
      '--user=carol',
      '-n',
      'globex',
    ]);
    expect(escalate.stderr).toMatch(/forbidden.*attempting to grant RBAC permissions not currently held/s);
    expect(
      (
        await as('carol', [
          'create',
          'rolebinding',
          'dave-view',
          '--clusterrole=viewer',
          '--user=dave',
          '-n',
          'globex',
        ])
      ).code,
    ).toBe(0);
  });

  test('a consultant has different rights in different organizations', async () => {
    expect((await as('dave', ['create', '-f', '-'], agentYaml('dave-made', 'globex'))).code).toBe(0);
    const inInitech = await as('dave', ['create', '-f', '-'], agentYaml('dave-made', 'initech'));
    expect(inInitech.stderr).toContain('User "dave" cannot create resource "agents"');
    expect((await as('dave', ['get', 'agent', 'i-helper', '-n', 'initech', '-o', 'name'])).code).toBe(0);
    expect((await as('dave', ['auth', 'can-i', 'delete', 'agents', '-n', 'initech'])).stdout.trim()).toBe(
      'no',
    );
    expect((await as('dave', ['auth', 'can-i', 'delete', 'agents', '-n', 'globex'])).stdout.trim()).toBe(
      'yes',
    );
  });

  test('a CI bot deploys agents but cannot delete them or read role bindings', async () => {
    expect((await as('erin-bot', ['create', '-f', '-'], agentYaml('ci-made', 'globex'))).code).toBe(0);
    const patched = await as('erin-bot', [
      'patch',
      'agent',
      'ci-made',
      '-n',
      'globex',
      '--type=merge',
      '-p',
      '{"spec":{"model":"m2"}}',
    ]);
    expect(patched.code).toBe(0);
    expect((await as('erin-bot', ['delete', 'agent', 'ci-made', '-n', 'globex'])).stderr).toContain(
      'forbidden',
    );
    expect((await as('erin-bot', ['get', 'rolebindings', '-n', 'globex'])).stderr).toContain('forbidden');
    expect((await as('erin-bot', ['auth', 'can-i', '--list', '-n', 'globex'])).stdout).toContain(
      'agents.orgplane.io',
    );
  });

  test('a denial is audited where the targeted organization can see it', async () => {
    await as('carol', ['get', 'agents', '-n', 'initech']);
    let seen = false;
    for (let i = 0; i < 40 && !seen; i++) {
      const out = await admin([
        'get',
        'auditevents',
        '-n',
        'initech',
        '--field-selector',
        'decision=forbid',
        '-o',
        'json',
      ]);
      seen = out.stdout.includes('"carol"');
      if (!seen) await new Promise((r) => setTimeout(r, 250));
    }
    expect(seen).toBe(true);
  });

  test('disabling an account ends its tokens at once', async () => {
    expect(
      (
        await admin([
          'patch',
          'serviceaccounts.orgplane.io',
          'dave',
          '--type=merge',
          '-p',
          '{"spec":{"disabled":true}}',
        ])
      ).code,
    ).toBe(0);
    let denied = '';
    for (let i = 0; i < 20 && !denied.includes('Unauthorized'); i++) {
      denied = (await as('dave', ['get', 'agents', '-n', 'globex'])).stderr;
      if (!denied.includes('Unauthorized')) await new Promise((r) => setTimeout(r, 100));
    }
    expect(denied).toContain('Unauthorized');
  });
});
