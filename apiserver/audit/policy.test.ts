import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UserInfo } from '../../api/user.js';
import { DEFAULT_POLICY, loadPolicy, parsePolicy, PolicyError } from './policy.js';
import { PolicyChecker } from './policy-checker.js';
import { requestAttributes } from './request.js';

const alice: UserInfo = { username: 'alice', groups: ['system:authenticated', 'devs'] };
const bob: UserInfo = { username: 'bob', groups: ['system:authenticated'] };
const attrs = (method: string, path: string) => requestAttributes(method, new URL(path, 'https://x'));

const POLICY = `
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
  - level: None
    nonResourceURLs: ["/healthz*", "/version"]
  - level: None
    users: [system:kube-proxy]
    verbs: [watch]
  - level: RequestResponse
    userGroups: [devs]
    resources:
      - group: orgplane.io
        resources: [agents]
  - level: Request
    resources:
      - group: orgplane.io
        resources: ["*/status"]
      - group: ""
        resources: ["namespaces/*"]
      - group: orgplane.io
        resources: [organizations]
        resourceNames: [acme-corp]
    omitStages: [ResponseStarted]
  - level: Metadata
    namespaces: [""]
  - level: RequestResponse
    namespaces: [tech-startup]
    verbs: [create, update]
`;

describe('audit policy files', () => {
  const checker = new PolicyChecker(parsePolicy(POLICY));
  const level = (method: string, path: string, user: UserInfo = bob) =>
    checker.evaluate(attrs(method, path), user).level;

  it('matches nonResourceURLs exactly and by trailing wildcard', () => {
    expect(level('GET', '/healthz')).toBe('None');
    expect(level('GET', '/healthz/ping')).toBe('None');
    expect(level('GET', '/version')).toBe('None');
    expect(level('GET', '/versions')).toBe('None'); // no rule matches a policy file: None
  });

  it('first matching rule wins, users and groups narrowing it', () => {
    expect(level('GET', '/apis/orgplane.io/v1alpha1/namespaces/a/agents', alice)).toBe('RequestResponse');
    expect(level('GET', '/apis/orgplane.io/v1alpha1/namespaces/a/agents', bob)).toBe('None');
    expect(
      level('GET', '/apis/orgplane.io/v1alpha1/agents?watch=true', {
        username: 'system:kube-proxy',
        groups: [],
      }),
    ).toBe('None');
  });

  it('matches subresources, "*/sub", "resource/*" and resourceNames', () => {
    expect(level('PUT', '/apis/orgplane.io/v1alpha1/namespaces/a/agents/x/status')).toBe('Request');
    expect(level('PUT', '/api/v1/namespaces/a/finalize')).toBe('Request');
    expect(level('GET', '/apis/orgplane.io/v1alpha1/organizations/acme-corp')).toBe('Request');
    expect(level('GET', '/apis/orgplane.io/v1alpha1/organizations/other')).toBe('Metadata');
    expect(level('GET', '/apis/orgplane.io/v1alpha1/organizations')).toBe('Metadata');
  });

  it('matches namespaces, "" meaning cluster-scoped, combined with verbs', () => {
    expect(level('POST', '/apis/orgplane.io/v1alpha1/namespaces/tech-startup/agents')).toBe(
      'RequestResponse',
    );
    expect(level('DELETE', '/apis/orgplane.io/v1alpha1/namespaces/tech-startup/agents/x')).toBe('None');
    expect(level('GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles')).toBe('Metadata');
  });

  it('merges the omitted stages of the policy and the rule', () => {
    const cfg = checker.evaluate(
      attrs('PUT', '/apis/orgplane.io/v1alpha1/namespaces/a/agents/x/status'),
      bob,
    );
    expect([...cfg.omitStages].sort()).toEqual(['RequestReceived', 'ResponseStarted']);
  });

  it('gives the most verbose level any user could get before the user is known', () => {
    expect(checker.maxLevel(attrs('GET', '/apis/orgplane.io/v1alpha1/namespaces/a/agents'))).toBe(
      'RequestResponse',
    );
    expect(checker.maxLevel(attrs('GET', '/healthz'))).toBe('None');
    expect(checker.maxLevel(attrs('GET', '/apis/orgplane.io/v1alpha1/organizations'))).toBe('Metadata');
  });

  it('audits everything at Metadata without a policy file, from ResponseStarted on', () => {
    const d = new PolicyChecker(DEFAULT_POLICY);
    expect(d.evaluate(attrs('GET', '/healthz'), bob)).toEqual({
      level: 'Metadata',
      omitStages: ['RequestReceived'],
      omitManagedFields: false,
    });
    expect(d.maxLevel(attrs('POST', '/login'))).toBe('Metadata');
  });

  it('refuses invalid policies listing every problem', () => {
    const bad = `apiVersion: audit.k8s.io/v1
kind: Policy
rules:
  - level: Everything
  - level: Metadata
    resources: [{group: ""}]
    nonResourceURLs: ["/x"]
  - level: None
    nonResourceURLs: ["healthz", "/a*b"]
  - level: Request
    omitStages: [Sometimes]
`;
    expect(() => parsePolicy(bad)).toThrow(PolicyError);
    let message = '';
    try {
      parsePolicy(bad);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('rules[0].level: Unsupported value: "Everything"');
    expect(message).toContain('rules[1].nonResourceURLs: Invalid value: rules cannot apply to both');
    expect(message).toContain(`rules[2].nonResourceURLs[0]: Invalid value: "healthz"`);
    expect(message).toContain(`rules[2].nonResourceURLs[1]: Invalid value: "/a*b"`);
    expect(message).toContain('rules[3].omitStages[0]: Unsupported value: "Sometimes"');
    expect(() => parsePolicy('kind: Policy\n')).toThrow(/apiVersion: Unsupported value/);
    expect(() => parsePolicy('{')).toThrow(PolicyError);
  });

  it('loads a file and names it in errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-policy-'));
    const file = join(dir, 'policy.yaml');
    writeFileSync(file, POLICY);
    expect((await loadPolicy(file)).rules).toHaveLength(6);
    await expect(loadPolicy(join(dir, 'missing.yaml'))).rejects.toThrow(/missing.yaml: no such file/);
    writeFileSync(file, 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: Loud}]\n');
    await expect(loadPolicy(file)).rejects.toThrow(/policy.yaml: invalid audit policy: rules\[0\].level/);
  });
});
