/**
 * `orgplane export organization` against the built `orgplane up` (both stores): a tenant with a
 * team tree, a group, bindings, a role, agents, config maps and a secret is exported, the bundle is
 * applied with one real `kubectl apply -f` on a second, fresh server, and the tenant's objects
 * there equal the first's; Secrets are in the bundle only with --include-secrets, which writes a
 * 0600 file; an org admin exports its own organization and is refused another with the server's 403.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { dump, load } from 'js-yaml';
import { binary, startE2eServer, type E2eServer } from '../support/e2e.js';

jest.setTimeout(90_000);

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function orgplane(args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [binary, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.once('close', (code) => {
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

const OP = 'orgplane.io/v1alpha1';
const RBAC = 'rbac.authorization.k8s.io';
const TENANT = [
  {
    apiVersion: OP,
    kind: 'OrganizationTemplate',
    metadata: { name: 'exp-standard' },
    spec: {
      organization: { features: { beta: true } },
      teams: [{ name: 'ops', displayName: 'Ops' }],
      groups: [{ name: 'oncall', description: 'On call' }],
      roleBindings: [{ name: 'oncall-view', clusterRole: 'viewer', groups: ['oncall'] }],
    },
  },
  { apiVersion: OP, kind: 'ServiceAccount', metadata: { name: 'exp-alice' }, spec: { description: 'Alice' } },
  { apiVersion: OP, kind: 'ServiceAccount', metadata: { name: 'exp-bob' } },
  {
    apiVersion: OP,
    kind: 'Organization',
    metadata: { name: 'exp-acme', labels: { tier: 'gold' } },
    spec: {
      displayName: 'Acme',
      plan: 'professional',
      admins: ['exp-alice'],
      quota: { agents: 10 },
      template: 'exp-standard',
    },
  },
  { apiVersion: OP, kind: 'Organization', metadata: { name: 'exp-other' }, spec: { displayName: 'Other' } },
  {
    apiVersion: OP,
    kind: 'Team',
    metadata: { name: 'eng', namespace: 'exp-acme' },
    spec: { displayName: 'Eng' },
  },
  {
    apiVersion: OP,
    kind: 'Team',
    metadata: { name: 'backend', namespace: 'exp-acme' },
    spec: { displayName: 'Backend', parent: 'eng' },
  },
  {
    apiVersion: OP,
    kind: 'Group',
    metadata: { name: 'devs', namespace: 'exp-acme' },
    spec: { members: ['exp-bob'] },
  },
  {
    apiVersion: `${RBAC}/v1`,
    kind: 'Role',
    metadata: { name: 'cm-reader', namespace: 'exp-acme-eng' },
    rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
  },
  {
    apiVersion: `${RBAC}/v1`,
    kind: 'RoleBinding',
    metadata: { name: 'devs', namespace: 'exp-acme-eng' },
    roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'developer' },
    subjects: [{ apiGroup: RBAC, kind: 'Group', name: 'devs' }],
  },
  {
    apiVersion: `${RBAC}/v1`,
    kind: 'RoleBinding',
    metadata: { name: 'readers', namespace: 'exp-acme-eng' },
    roleRef: { apiGroup: RBAC, kind: 'Role', name: 'cm-reader' },
    subjects: [{ apiGroup: RBAC, kind: 'User', name: 'exp-bob' }],
  },
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'cfg', namespace: 'exp-acme-backend' },
    data: { a: 'b' },
  },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'top', namespace: 'exp-acme' }, data: { c: 'd' } },
  {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'key', namespace: 'exp-acme-backend' },
    stringData: { token: 'exported-secret-value' },
  },
  {
    apiVersion: OP,
    kind: 'Agent',
    metadata: { name: 'bot', namespace: 'exp-acme-backend' },
    spec: {
      model: 'gpt-4o',
      env: [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'key', key: 'token' } } }],
    },
  },
  {
    apiVersion: OP,
    kind: 'Agent',
    metadata: { name: 'helper', namespace: 'exp-acme' },
    spec: { model: 'small' },
  },
];

const NAMESPACES = ['exp-acme', 'exp-acme-eng', 'exp-acme-backend', 'exp-acme-ops'];
const KINDS = ['teams', 'groups', 'roles', 'rolebindings', 'configmaps', 'secrets', 'agents'];

type Obj = Record<string, unknown> & { metadata: { name: string; namespace?: string; labels?: unknown } };

/** The tenant's objects on a server: identity → what a user wrote (spec, data, rules, subjects). */
async function tenantOf(s: E2eServer): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  const keep = (o: Obj): unknown => ({
    labels: o.metadata.labels,
    // the template filled the spec at creation; the bundle leaves its name out (see below)
    spec: o.kind === 'Organization' ? { ...(o.spec as Obj), template: undefined } : o.spec,
    data: o.data,
    rules: o.rules,
    roleRef: o.roleRef,
    subjects: o.subjects,
  });
  const add = (kind: string, items: Obj[]): void => {
    for (const o of items) out.set(`${kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, keep(o));
  };
  for (const ns of NAMESPACES) {
    const r = await s.kubectl(['get', KINDS.join(','), '-n', ns, '-o', 'json']);
    if (r.code !== 0) throw new Error(r.stderr);
    const items = (JSON.parse(r.stdout) as { items: Obj[] }).items;
    add(
      'namespaced',
      items.map((o) => ({ ...o, metadata: { ...o.metadata, name: `${String(o.kind)}:${o.metadata.name}` } })),
    );
  }
  for (const [kind, names] of [
    ['organizations', ['exp-acme']],
    ['serviceaccounts', ['exp-alice', 'exp-bob']],
  ] as const) {
    const r = await s.kubectl(['get', kind, ...names, '-o', 'json']);
    if (r.code !== 0) throw new Error(r.stderr);
    const body = JSON.parse(r.stdout) as Obj & { items?: Obj[] };
    add(kind, body.items ?? [body]); // one name answers the object itself
  }
  return out;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe.each(['embedded', 'etcd'] as const)('orgplane export organization on %s', (backend) => {
  let source: E2eServer | undefined;
  let target: E2eServer | undefined;
  let dir = '';
  const src = (): E2eServer => {
    if (!source) throw new Error('the source server did not start');
    return source;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'orgplane-export-'));
    [source, target] = await Promise.all([startE2eServer(backend), startE2eServer(backend)]);
    const applied = await src().kubectl(['apply', '-f', '-'], {
      stdin: TENANT.map((o) => JSON.stringify(o)).join('\n'),
    });
    if (applied.code !== 0) throw new Error(applied.stderr);
    // what the template made, changed afterwards by users
    for (let i = 0; (await src().kubectl(['get', 'team', 'ops', '-n', 'exp-acme'])).code !== 0; i++) {
      if (i > 50) throw new Error('the template team was not created');
      await sleep(200);
    }
    const later = [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'runbook', namespace: 'exp-acme-ops' },
        data: { x: 'y' },
      },
      {
        apiVersion: OP,
        kind: 'Group',
        metadata: { name: 'oncall', namespace: 'exp-acme' },
        spec: { members: ['exp-bob'] },
      },
    ];
    const more = await src().kubectl(['apply', '-f', '-'], {
      stdin: later.map((o) => JSON.stringify(o)).join('\n'),
    });
    if (more.code !== 0) throw new Error(more.stderr);
  }, 180_000);
  afterAll(async () => {
    await Promise.all([source?.stop(), target?.stop()]);
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a bundle without Secrets or server fields to stdout, and refuses Secrets to stdout', async () => {
    const r = await orgplane(['export', 'organization', 'exp-acme', '--kubeconfig', src().kubeconfig]);
    expect(r.code).toBe(0);
    const docs = r.stdout.split(/^---$/m).map((d) => load(d) as Obj);
    const kinds = docs.map((d) => String(d.kind));
    expect(kinds).not.toContain('Secret');
    expect(kinds.slice(0, 3)).toEqual(['ServiceAccount', 'ServiceAccount', 'Organization']);
    expect(r.stdout).not.toMatch(/uid:|resourceVersion:|creationTimestamp:|status:|last-applied|exp-other/);
    // made by the controller from spec.admins: applying the Organization makes it again
    expect(r.stdout).not.toMatch(/organization-admins/);
    const refused = await orgplane([
      'export',
      'organization',
      'exp-acme',
      '--include-secrets',
      '--kubeconfig',
      src().kubeconfig,
    ]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/--include-secrets writes Secrets only to a file: add --out FILE/);
    expect(refused.stdout).toBe('');
  });

  it('recreates the tenant on a fresh server with one kubectl apply -f of the bundle', async () => {
    const bundle = join(dir, 'bundle.yaml');
    const r = await orgplane([
      'export',
      'organization',
      'exp-acme',
      '--include-secrets',
      '--out',
      bundle,
      '--kubeconfig',
      src().kubeconfig,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      new RegExp(`wrote \\d+ objects of organization exp-acme to ${bundle} \\(mode 0600, Secrets included`),
    );
    expect((await stat(bundle)).mode & 0o777).toBe(0o600);
    const text = await readFile(bundle, 'utf8');
    expect(text).toMatch(/kind: Secret/);
    if (!target) throw new Error('the target server did not start');
    const applied = await target.kubectl(['apply', '-f', bundle]);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    const want = await tenantOf(src());
    let got = await tenantOf(target);
    // the organization-admins binding is the controller's: wait for it on the new server
    for (let i = 0; i < 50 && got.size < want.size; i++) {
      await sleep(200);
      got = await tenantOf(target);
    }
    expect(want.has('namespaced/exp-acme/RoleBinding:organization-admins')).toBe(true);
    expect(want.has('namespaced/exp-acme-backend/Secret:key')).toBe(true);
    expect(want.has('namespaced/exp-acme-ops/ConfigMap:runbook')).toBe(true);
    // the bundle holds what the template made, not the template: it applies where that is missing
    expect(await target.kubectl(['get', 'organizationtemplates', 'exp-standard'])).toMatchObject({ code: 1 });
    expect(dump(Object.fromEntries(got), { sortKeys: true })).toBe(
      dump(Object.fromEntries(want), { sortKeys: true }),
    );
    expect(await target.kubectl(['get', 'organization', 'exp-other'])).toMatchObject({ code: 1 });
  });

  it('lets an org admin export its own organization and refuses another with the server 403', async () => {
    const tr = JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} });
    const made = await src().kubectl(
      ['create', '--raw', '/apis/orgplane.io/v1alpha1/serviceaccounts/exp-alice/token', '-f', '-'],
      { stdin: tr },
    );
    const token = (JSON.parse(made.stdout) as { status: { token: string } }).status.token;
    const kc = load(await readFile(src().kubeconfig, 'utf8')) as { users: { user: unknown }[] };
    for (const u of kc.users) u.user = { token };
    const aliceKc = join(dir, 'alice.kubeconfig');
    await writeFile(aliceKc, dump(kc), { mode: 0o600 });
    const own = await orgplane(['export', 'organization', 'exp-acme', '--kubeconfig', aliceKc]);
    expect(own.code).toBe(0);
    expect(own.stdout).toMatch(/kind: Organization\n/);
    expect(own.stdout).toMatch(/name: devs/);
    // ServiceAccounts are cluster-scoped: an org admin may not read them, and is told so
    expect(own.stdout).not.toMatch(/kind: ServiceAccount/);
    expect(own.stderr).toMatch(/ServiceAccounts left out .*forbidden/);
    const other = await orgplane(['export', 'organization', 'exp-other', '--kubeconfig', aliceKc]);
    expect(other.code).not.toBe(0);
    expect(other.stdout).toBe('');
    expect(other.stderr).toMatch(
      /organizations\.orgplane\.io "exp-other" is forbidden: User "exp-alice" cannot get resource "organizations"/,
    );
  });
});
