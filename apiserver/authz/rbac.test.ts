import { describe, expect, it } from '@jest/globals';
import type { UserInfo } from '../../api/user.js';
import { forbiddenMessage } from './forbidden.js';
import { mastersAuthorizer, unionAuthorizer } from './masters.js';
import { authorizationNamespace, rbacAuthorizer } from './rbac.js';
import {
  clusterRole,
  clusterRoleBinding,
  indexOf,
  nonResource,
  request,
  role,
  roleBinding,
  subject,
  user,
} from './testdata.js';
import type { AuthzAttributes } from './types.js';

const agents = { group: 'orgplane.io', resource: 'agents' };
const status = { group: 'orgplane.io', resource: 'agents/status' };
const orgs = { group: 'orgplane.io', resource: 'organizations' };
const events = { group: '', resource: 'events' };
const leases = { group: 'coordination.k8s.io', resource: 'leases' };

const READ = ['get', 'list', 'watch'];
const objects = [
  clusterRole('agent-reader', [{ apiGroups: ['orgplane.io'], resources: ['agents'], verbs: READ }]),
  clusterRole('agent-writer', [
    { apiGroups: ['orgplane.io'], resources: ['agents'], verbs: ['create', 'update', 'patch', 'delete'] },
  ]),
  clusterRole('org-reader', [{ apiGroups: ['orgplane.io'], resources: ['organizations'], verbs: READ }]),
  clusterRole('health', [{ nonResourceURLs: ['/healthz', '/healthz/*'], verbs: ['get'] }]),
  clusterRole('ops', [], { aggregate: [{ 'ops/part': 'true' }] }),
  clusterRole('ops-events', [{ apiGroups: [''], resources: ['events'], verbs: ['get'] }], {
    labels: { 'ops/part': 'true' },
  }),
  clusterRole('ops-nested', [], { labels: { 'ops/part': 'true' }, aggregate: [{ 'ops/leaf': 'true' }] }),
  clusterRole('ops-leases', [{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get'] }], {
    labels: { 'ops/leaf': 'true' },
  }),
  role('ns1', 'status-updater', [
    { apiGroups: ['orgplane.io'], resources: ['agents/status'], verbs: ['update'] },
    { apiGroups: ['orgplane.io'], resources: ['agents'], verbs: ['delete'], resourceNames: ['one'] },
  ]),
  roleBinding('ns1', 'alice-read', { kind: 'ClusterRole', name: 'agent-reader' }, [subject('User', 'alice')]),
  roleBinding('ns1', 'alice-status', { kind: 'Role', name: 'status-updater' }, [subject('User', 'alice')]),
  roleBinding('ns2', 'devs-write', { kind: 'ClusterRole', name: 'agent-writer' }, [subject('Group', 'devs')]),
  roleBinding('ns2', 'sa-read', { kind: 'ClusterRole', name: 'agent-reader' }, [
    subject('ServiceAccount', 'builder'),
  ]),
  roleBinding('ns3', 'dangling', { kind: 'ClusterRole', name: 'missing' }, [subject('User', 'alice')]),
  roleBinding('ns4', 'role-elsewhere', { kind: 'Role', name: 'status-updater' }, [subject('User', 'alice')]),
  roleBinding('acme', 'alice-org', { kind: 'ClusterRole', name: 'org-reader' }, [subject('User', 'alice')]),
  clusterRoleBinding('health', 'health', [subject('Group', 'system:authenticated')]),
  clusterRoleBinding('ops', 'ops', [subject('User', 'ops')]),
  clusterRoleBinding('global-read', 'agent-reader', [subject('User', 'auditor')]),
];

const { index, resolver } = indexOf(objects);
const rbac = rbacAuthorizer(resolver);
const alice = user('alice');
const dev = user('dave', 'devs');
const sa = user('system:serviceaccount:ns2:builder');
const ops = user('ops');
const auditor = user('auditor');
const nobody = user('nobody');

describe('RBAC authorizer decisions', () => {
  const table: [string, AuthzAttributes, boolean][] = [
    ['rolebinding to a clusterrole grants in its namespace', request(alice, 'list', agents, 'ns1'), true],
    ['... and get of one object', request(alice, 'get', agents, 'ns1', 'x'), true],
    ['... not in another namespace', request(alice, 'list', agents, 'ns2'), false],
    ['... not cluster-wide', request(alice, 'list', agents), false],
    ['... not another verb', request(alice, 'create', agents, 'ns1'), false],
    ['rolebinding to a role: subresource', request(alice, 'update', status, 'ns1', 'x'), true],
    ['resourceNames: the named object', request(alice, 'delete', agents, 'ns1', 'one'), true],
    ['resourceNames: another object', request(alice, 'delete', agents, 'ns1', 'two'), false],
    ['a Role is found only in the binding namespace', request(alice, 'update', status, 'ns4', 'x'), false],
    ['group subject', request(dev, 'create', agents, 'ns2'), true],
    ['group subject, other namespace', request(dev, 'create', agents, 'ns1'), false],
    ['service account subject (binding namespace)', request(sa, 'list', agents, 'ns2'), true],
    ['service account, other namespace', request(sa, 'list', agents, 'ns1'), false],
    ['clusterrolebinding grants everywhere', request(auditor, 'list', agents, 'ns9'), true],
    ['clusterrolebinding grants cluster-wide', request(auditor, 'watch', agents), true],
    ['non-resource url', nonResource(nobody, 'get', '/healthz'), true],
    ['non-resource url prefix', nonResource(nobody, 'get', '/healthz/ping'), true],
    ['non-resource url other verb', nonResource(nobody, 'post', '/healthz'), false],
    ['non-resource url not granted', nonResource(nobody, 'get', '/metrics'), false],
    ['aggregated clusterrole', request(ops, 'get', events, 'any', 'e'), true],
    ['aggregated transitively', request(ops, 'get', leases, 'any', 'l'), true],
    ['aggregated, not granted', request(ops, 'delete', events, 'any', 'e'), false],
    ['organization read through its namespace', request(alice, 'get', orgs, '', 'acme'), true],
    ['organization of another namespace', request(alice, 'get', orgs, '', 'other'), false],
    ['organization list stays cluster-scoped', request(alice, 'list', orgs), false],
    ['organization patch not granted', request(alice, 'patch', orgs, '', 'acme'), false],
    ['unbound user', request(nobody, 'get', agents, 'ns1', 'x'), false],
  ];
  it.each(table)('%s', (_name, attrs, allowed) => {
    expect(rbac.authorize(attrs)).toMatchObject({ decision: allowed ? 'allow' : 'noOpinion' });
  });
});

describe('RBAC authorizer reasons', () => {
  it('names the binding, role and subject that allowed', () => {
    expect(rbac.authorize(request(alice, 'list', agents, 'ns1'))).toEqual({
      decision: 'allow',
      reason: 'RBAC: allowed by RoleBinding "alice-read/ns1" of ClusterRole "agent-reader" to User "alice"',
    });
    expect(rbac.authorize(request(auditor, 'list', agents))).toEqual({
      decision: 'allow',
      reason:
        'RBAC: allowed by ClusterRoleBinding "global-read" of ClusterRole "agent-reader" to User "auditor"',
    });
    expect(rbac.authorize(request(sa, 'list', agents, 'ns2')).reason).toBe(
      'RBAC: allowed by RoleBinding "sa-read/ns2" of ClusterRole "agent-reader" to ServiceAccount "builder/ns2"',
    );
  });

  it('denies silently, so the 403 reads exactly as kube', () => {
    const attrs = request(nobody, 'create', agents, 'other-org');
    const r = rbac.authorize(attrs);
    expect(r).toEqual({ decision: 'noOpinion', reason: '' });
    expect(forbiddenMessage(attrs, r.reason)).toBe(
      'agents.orgplane.io is forbidden: User "nobody" cannot create resource "agents" in API group "orgplane.io" in the namespace "other-org"',
    );
  });

  it('reports bindings to missing roles', () => {
    expect(rbac.authorize(request(alice, 'get', agents, 'ns3', 'x'))).toEqual({
      decision: 'noOpinion',
      reason: 'RBAC: clusterrole.rbac.authorization.k8s.io "missing" not found',
    });
  });
});

describe('authorizationNamespace', () => {
  it('maps one named Organization to its namespace, and nothing else', () => {
    expect(authorizationNamespace(request(alice, 'get', orgs, '', 'acme'))).toBe('acme');
    expect(
      authorizationNamespace(
        request(alice, 'update', { ...orgs, resource: 'organizations/status' }, '', 'acme'),
      ),
    ).toBe('acme');
    expect(authorizationNamespace(request(alice, 'list', orgs))).toBe('');
    expect(authorizationNamespace(request(alice, 'get', orgs, 'default', 'acme'))).toBe('acme');
    expect(authorizationNamespace(request(alice, 'list', orgs, 'default'))).toBe('');
    expect(authorizationNamespace(request(alice, 'get', agents, 'ns1', 'a'))).toBe('ns1');
    expect(
      authorizationNamespace(nonResource(alice, 'get', '/apis/orgplane.io/v1alpha1/organizations/x')),
    ).toBe('');
  });
});

describe('rulesFor (SelfSubjectRulesReview)', () => {
  it('lists cluster-wide and namespace rules, split into resource and non-resource rules', () => {
    const r = rbac.rulesFor(alice, 'ns1');
    expect(r.resourceRules).toEqual(
      expect.arrayContaining([
        { verbs: READ, apiGroups: ['orgplane.io'], resources: ['agents'] },
        { verbs: ['delete'], apiGroups: ['orgplane.io'], resources: ['agents'], resourceNames: ['one'] },
      ]),
    );
    expect(r.nonResourceRules).toEqual([{ verbs: ['get'], nonResourceURLs: ['/healthz', '/healthz/*'] }]);
    expect(r.incomplete).toBe(false);
    expect(r.evaluationError).toBeUndefined();
  });

  it('reports resolution errors', () => {
    expect(rbac.rulesFor(alice, 'ns3').evaluationError).toBe(
      'clusterrole.rbac.authorization.k8s.io "missing" not found',
    );
  });

  it('unions with system:masters', async () => {
    const both = unionAuthorizer([mastersAuthorizer, rbac]);
    const admin: UserInfo = { username: 'root', groups: ['system:masters'] };
    expect((await both.authorize(request(admin, 'delete', agents, 'x', 'y'))).decision).toBe('allow');
    expect((await both.rulesFor(alice, 'ns1')).resourceRules.length).toBeGreaterThan(0);
  });
});

describe('index', () => {
  it('ignores keys and values that are not RBAC objects', () => {
    index.put('/registry/rbac.authorization.k8s.io/unknown/x', '{}');
    index.put('/registry/rbac.authorization.k8s.io/roles/too/many/parts', '{}');
    index.put('/registry/rbac.authorization.k8s.io/clusterroles/broken', 'not json');
    expect(index.clusterRole('broken')).toBeUndefined();
    expect(rbac.authorize(request(alice, 'list', agents, 'ns1')).decision).toBe('allow');
  });
});
