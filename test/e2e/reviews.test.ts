/**
 * Quota review and effective permissions end to end, on both stores: real kubectl creates the
 * reviews from files (`kubectl create -f review.yaml -o yaml`) as an admin and as a user outside
 * the organization, and the built `orgplane quota`, `access` and `who-can` print them.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { load } from 'js-yaml';
import { binary, startE2eServer, type E2eServer, type KubectlResult } from '../support/e2e.js';

jest.setTimeout(90_000);

const rb = (name: string, ns: string, role: string, kind: string, subject: string): string => `---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: ${name}, namespace: ${ns}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role}}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: ${kind}, name: ${subject}}]
`;

const SETUP = `apiVersion: orgplane.io/v1alpha1
kind: Organization
metadata: {name: acme}
spec: {displayName: Acme, quota: {agents: 4}}
---
apiVersion: orgplane.io/v1alpha1
kind: Organization
metadata: {name: other}
---
apiVersion: orgplane.io/v1alpha1
kind: Team
metadata: {name: eng, namespace: acme}
spec: {quota: {agents: 2}}
---
apiVersion: orgplane.io/v1alpha1
kind: Team
metadata: {name: backend, namespace: acme}
spec: {parent: eng}
---
apiVersion: orgplane.io/v1alpha1
kind: Agent
metadata: {name: a0, namespace: acme}
spec: {model: m}
---
apiVersion: orgplane.io/v1alpha1
kind: Agent
metadata: {name: b0, namespace: acme-backend}
spec: {model: m}
---
apiVersion: orgplane.io/v1alpha1
kind: Group
metadata: {name: devs, namespace: acme}
spec: {members: [bob]}
${rb('admins', 'acme', 'org-admin', 'User', 'alice')}${rb('devs', 'acme-eng', 'developer', 'Group', 'devs')}${rb('eve', 'other', 'viewer', 'User', 'eve')}`;

const QUOTA_REVIEW = `apiVersion: orgplane.io/v1alpha1
kind: QuotaReview
spec: {organization: acme, team: backend, resource: agents, count: 1}
`;
const WHO_CAN = `apiVersion: orgplane.io/v1alpha1
kind: WhoCanReview
spec: {verb: delete, resource: agents, namespace: acme-backend}
`;
const ACCESS = `apiVersion: orgplane.io/v1alpha1
kind: AccessReview
spec: {user: bob}
`;

interface Answer {
  readonly status: Record<string, unknown>;
}

describe.each(['embedded', 'etcd'] as const)('reviews with kubectl and orgplane on %s', (backend) => {
  let server: E2eServer;
  let dir: string;

  const cli = (args: string[]): Promise<KubectlResult> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [binary, ...args, '--kubeconfig', server.kubeconfig]);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('close', (code) => {
        resolve({ code: code ?? -1, stdout, stderr });
      });
    });

  const createFile = async (name: string, text: string, extra: string[] = []): Promise<KubectlResult> => {
    const file = join(dir, name);
    await writeFile(file, text);
    return server.kubectl(['create', '-f', file, '-o', 'yaml', ...extra]);
  };

  beforeAll(async () => {
    server = await startE2eServer(backend);
    dir = await mkdtemp(join(tmpdir(), 'orgplane-reviews-'));
    const applied = await server.kubectl(['apply', '-f', '-'], { stdin: SETUP });
    expect([applied.code, applied.stderr]).toEqual([0, '']);
  }, 120_000);

  afterAll(async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test('kubectl create -f of a QuotaReview answers the tightest quota of the branch', async () => {
    const out = await createFile('review.yaml', QUOTA_REVIEW);
    expect([out.code, out.stderr]).toEqual([0, '']);
    const answer = load(out.stdout) as Answer;
    expect(answer.status).toMatchObject({ allowed: true, limit: 2, used: 1, remaining: 1 });
    expect(answer.status.reason).toBe('1 more agents fit: team eng uses 1 of 2, 1 remaining');
  });

  test('a user outside the organization is refused with the organization named', async () => {
    const out = await createFile('review-eve.yaml', QUOTA_REVIEW, ['--as=eve']);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain(
      'quotareviews.orgplane.io is forbidden: User "eve" cannot review the quota of organization "acme"',
    );
  });

  test('kubectl create -f of WhoCanReview and AccessReview names subjects, bindings and roles', async () => {
    const who = load((await createFile('who.yaml', WHO_CAN)).stdout) as Answer;
    const subjects = who.status.subjects as { kind: string; name: string; via: Record<string, string> }[];
    expect(
      subjects
        .filter((s) => s.kind === 'User')
        .map((s) => s.name)
        .sort(),
    ).toEqual(['alice', 'bob']);
    expect(subjects.find((s) => s.name === 'bob')?.via).toMatchObject({
      binding: 'devs',
      role: 'developer',
      group: 'devs',
      inheritedFrom: 'acme-eng',
    });
    const access = load((await createFile('access.yaml', ACCESS)).stdout) as Answer;
    const orgs = access.status.organizations as { name: string; namespaces: { namespace: string }[] }[];
    expect(orgs.map((o) => [o.name, o.namespaces.map((n) => n.namespace)])).toEqual([
      ['acme', ['acme', 'acme-backend', 'acme-eng']],
    ]);
    const denied = await createFile('who-eve.yaml', WHO_CAN, ['--as=eve']);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain('cannot list resource "rolebindings"');
  });

  test('orgplane quota, access and who-can print the answers', async () => {
    const quota = await cli(['quota', 'acme']);
    expect([quota.code, quota.stderr]).toEqual([0, '']);
    expect(quota.stdout).toBe('organization acme\nagents  [##########----------]  2/4  50 %\n');
    const team = await cli(['quota', 'acme', '--team', 'backend']);
    expect(team.stdout).toContain('agents  [##########----------]  1/2  50 %  (team eng)');
    const access = await cli(['access', 'bob']);
    expect(access.stdout).toMatch(/^ {2}namespace acme-backend$/m);
    expect(access.stdout).toContain('via group devs, inherited from acme-eng');
    const who = await cli(['who-can', 'delete', 'agents', '-n', 'acme-backend']);
    expect(who.stdout).toMatch(
      /^User +alice +RoleBinding acme\/admins -> ClusterRole org-admin, inherited from acme$/m,
    );
    expect(who.stdout).toMatch(/^User +bob +RoleBinding acme-eng\/devs -> ClusterRole developer/m);
    const bad = await cli(['quota', 'nowhere']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('organizations.orgplane.io "nowhere" not found');
  });
});
