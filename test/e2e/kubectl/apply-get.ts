/** One-run apply of a tenant, every `kubectl get` output form, and the read-only commands. */
import { expect, test } from '@jest/globals';
import { agent, docs, lines, NS, type ScenarioGroup } from './harness.js';

const TENANT = `# an Organization, its agents and a binding: one file, one run
apiVersion: orgplane.io/v1alpha1
kind: Organization
metadata:
  name: tenant-one
spec:
  displayName: Tenant One
  plan: free
  quota:
    agents: 5
---
apiVersion: orgplane.io/v1alpha1
kind: Agent
metadata:
  name: alpha
  namespace: tenant-one
  labels: {team: red}
spec:
  model: model-b
---
apiVersion: orgplane.io/v1alpha1
kind: Agent
metadata:
  name: beta
  namespace: tenant-one
  labels: {team: blue}
spec:
  model: model-a
  description: the second one
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: tenant-one-viewers
  namespace: tenant-one
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: viewer}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: tenant-one-auditor}]
`;

export const applyAndGet: ScenarioGroup = (k) => {
  test('a multi-document file with an Organization, Agents and a RoleBinding applies in one run', async () => {
    const out = await k.ok(['apply', '-f', '-'], { stdin: TENANT });
    expect(lines(out)).toEqual([
      'organization.orgplane.io/tenant-one created',
      'agent.orgplane.io/alpha created',
      'agent.orgplane.io/beta created',
      'rolebinding.rbac.authorization.k8s.io/tenant-one-viewers created',
    ]);
    expect(await k.ok(['get', 'namespace', 'tenant-one', '-o', 'name'])).toBe('namespace/tenant-one\n');
    const again = await k.ok(['apply', '-f', '-'], { stdin: TENANT });
    expect(lines(again).every((l) => l.endsWith(' unchanged'))).toBe(true);
  });

  test('get prints yaml, json, names, wide tables, labels, custom columns and jsonpath', async () => {
    const base = ['get', 'agents', '-n', 'tenant-one'];
    expect(await k.ok([...base, 'alpha', '-o', 'yaml'])).toMatch(/^kind: Agent$[\s\S]*^ {2}model: model-b$/m);
    const list = JSON.parse(await k.ok([...base, '-o', 'json'])) as { kind: string; items: unknown[] };
    expect(list.kind).toBe('List');
    expect(list.items).toHaveLength(2);
    expect(await k.ok([...base, '-o', 'name'])).toBe('agent.orgplane.io/alpha\nagent.orgplane.io/beta\n');
    const narrow = lines(await k.ok(base));
    expect(narrow[0]).toMatch(/^NAME +MODEL +PHASE +AGE$/);
    const wide = lines(await k.ok([...base, '-o', 'wide']));
    expect(wide[0]).toMatch(/^NAME +MODEL +PHASE +DESCRIPTION +AGE$/);
    expect(wide[2]).toMatch(/^beta +model-a +.*the second one/);
    expect(await k.ok([...base, '--show-labels'])).toMatch(/^alpha .* team=red$/m);
    const cols = await k.ok([...base, '-o', 'custom-columns=WHO:.metadata.name,WHAT:.spec.model']);
    expect(lines(cols)).toEqual([
      expect.stringMatching(/^WHO +WHAT$/),
      expect.stringMatching(/^alpha +model-b$/),
      expect.stringMatching(/^beta +model-a$/),
    ]);
    const path = '{range .items[*]}{.metadata.name}={.metadata.labels.team};{end}';
    expect(await k.ok([...base, '-o', `jsonpath=${path}`])).toBe('alpha=red;beta=blue;');
  });

  test('get sorts, selects by label and field, spans namespaces and kinds', async () => {
    const base = ['get', 'agents', '-n', 'tenant-one', '-o', 'name'];
    const sorted = await k.ok([...base, '--sort-by=.spec.model']);
    expect(sorted).toBe('agent.orgplane.io/beta\nagent.orgplane.io/alpha\n');
    expect(await k.ok([...base, '-l', 'team in (blue,green)'])).toBe('agent.orgplane.io/beta\n');
    expect(await k.ok([...base, '-l', 'team!=blue'])).toBe('agent.orgplane.io/alpha\n');
    expect(await k.ok([...base, '--field-selector', 'metadata.name!=alpha'])).toBe(
      'agent.orgplane.io/beta\n',
    );
    await k.ok(['apply', '-f', '-'], { stdin: docs(agent('gamma', NS)) });
    const all = lines(await k.ok(['get', 'ag', '-A', '--sort-by=.metadata.name']));
    expect(all[0]).toMatch(/^NAMESPACE +NAME +MODEL/);
    expect(all.slice(1).map((l) => l.split(/ +/).slice(0, 2).join('/'))).toEqual(
      expect.arrayContaining(['tenant-one/alpha', 'tenant-one/beta', `${NS}/gamma`]),
    );
    const mixed = await k.ok(['get', 'org,ag', '-n', 'tenant-one', '-o', 'name']);
    expect(lines(mixed)).toEqual(
      expect.arrayContaining(['organization.orgplane.io/tenant-one', 'agent.orgplane.io/alpha']),
    );
    expect(await k.ok(['get', 'all', '-n', 'tenant-one', '-o', 'name'])).toMatch(/agent\.orgplane\.io\/beta/);
  });

  test('explain, api-resources, auth can-i and raw metrics', async () => {
    const explain = await k.ok(['explain', 'organization.spec.quota']);
    expect(explain).toMatch(/FIELD: +quota <map\[string\]integer>/);
    expect(explain).toMatch(/rolebindings\.rbac\.authorization\.k8s\.io/);
    const namespaced = lines(await k.ok(['api-resources', '--namespaced=true', '-o', 'name']));
    expect(namespaced).toEqual(
      expect.arrayContaining(['agents.orgplane.io', 'rolebindings.rbac.authorization.k8s.io']),
    );
    expect(namespaced).not.toContain('organizations.orgplane.io');
    const cluster = lines(await k.ok(['api-resources', '--namespaced=false', '-o', 'name']));
    expect(cluster).toEqual(expect.arrayContaining(['organizations.orgplane.io', 'namespaces']));
    expect(await k.ok(['api-resources', '--api-group=orgplane.io', '-o', 'name'])).not.toMatch(/rbac/);
    expect(await k.ok(['auth', 'can-i', 'delete', 'organizations'])).toBe('yes\n');
    expect(await k.ok(['auth', 'can-i', 'get', '/healthz'])).toBe('yes\n');
    const rules = lines(await k.ok(['auth', 'can-i', '--list', '-n', NS]));
    expect(rules[0]).toMatch(/^Resources +Non-Resource URLs +Resource Names +Verbs$/);
    expect(rules).toContainEqual(expect.stringMatching(/^\*\.\* +\[\] +\[\] +\[\*\]$/));
    const metrics = await k.ok(['get', '--raw', '/metrics']);
    expect(metrics).toMatch(/^apiserver_request_total\{.*\} \d+/m);
    const version = JSON.parse(await k.ok(['version', '-o', 'json'])) as { serverVersion: { minor: string } };
    expect(version.serverVersion.minor).toBe('32');
  });
};
