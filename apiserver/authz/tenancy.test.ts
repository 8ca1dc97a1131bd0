/**
 * The tenancy acceptance scenario (acceptance/manifests/tenancy.yaml) as a table: the bootstrap
 * policy plus the scenario's bindings, and what acme-admin, bob, acme-ci-bot and platform-admin
 * may do, see and grant.
 */
import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../api/meta.js';
import { builtinResources } from '../../api/resources.js';
import type { UserInfo } from '../../api/user.js';
import { rbacEscalation } from '../admission-plugins/rbac-escalation.js';
import type { Attributes } from '../admission/types.js';
import { isApiError } from '../errors/status.js';
import { bootstrapPolicy } from './bootstrap-policy.js';
import { mastersAuthorizer, unionAuthorizer } from './masters.js';
import { rbacAuthorizer } from './rbac.js';
import { allowedNamespaces, filteredReadScope, visibleOrganizations } from './tenant-scope.js';
import { clusterRoleBinding, indexOf, nonResource, request, roleBinding, subject } from './testdata.js';
import type { AuthzAttributes } from './types.js';

const policy = bootstrapPolicy();
const scenario: KubeObject[] = [
  ...policy.clusterRoles,
  ...policy.clusterRoleBindings,
  roleBinding('acme-corp', 'acme-admin-org-admin', { kind: 'ClusterRole', name: 'org-admin' }, [
    subject('User', 'acme-admin'),
  ]),
  roleBinding('client-a', 'bob-developer', { kind: 'ClusterRole', name: 'developer' }, [
    subject('User', 'bob'),
  ]),
  roleBinding('client-b', 'bob-developer', { kind: 'ClusterRole', name: 'developer' }, [
    subject('User', 'bob'),
  ]),
  roleBinding('client-c', 'bob-viewer', { kind: 'ClusterRole', name: 'viewer' }, [subject('User', 'bob')]),
  roleBinding('acme-corp', 'ci-bot-deployer', { kind: 'ClusterRole', name: 'deployer' }, [
    subject('User', 'acme-ci-bot'),
  ]),
  clusterRoleBinding('platform-admin', 'cluster-admin', [subject('User', 'platform-admin')]),
];

const { resolver } = indexOf(scenario);
const authz = unionAuthorizer([mastersAuthorizer, rbacAuthorizer(resolver)]);
const sa = (name: string): UserInfo => ({
  username: name,
  groups: ['orgplane:serviceaccounts', 'system:authenticated'],
});
const acmeAdmin = sa('acme-admin');
const bob = sa('bob');
const ci = sa('acme-ci-bot');
const platform = sa('platform-admin');

const agents = { group: 'orgplane.io', resource: 'agents' };
const orgs = { group: 'orgplane.io', resource: 'organizations' };
const audit = { group: 'orgplane.io', resource: 'auditevents' };
const rbs = { group: 'rbac.authorization.k8s.io', resource: 'rolebindings' };
const crbs = { group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings' };
const namespaces = { group: '', resource: 'namespaces' };
const ssar = { group: 'authorization.k8s.io', resource: 'selfsubjectaccessreviews' };
const ssrr = { group: 'authorization.k8s.io', resource: 'selfsubjectrulesreviews' };

describe('tenancy scenario: who may do what', () => {
  const table: [string, AuthzAttributes, boolean][] = [
    ['acme-admin lists agents in acme-corp', request(acmeAdmin, 'list', agents, 'acme-corp'), true],
    ['acme-admin creates an agent in acme-corp', request(acmeAdmin, 'create', agents, 'acme-corp'), true],
    [
      'acme-admin deletes an agent in acme-corp',
      request(acmeAdmin, 'delete', agents, 'acme-corp', 'a'),
      true,
    ],
    [
      'acme-admin may not list agents in tech-startup',
      request(acmeAdmin, 'list', agents, 'tech-startup'),
      false,
    ],
    [
      'acme-admin may not create in tech-startup',
      request(acmeAdmin, 'create', agents, 'tech-startup'),
      false,
    ],
    ['acme-admin may not list agents cluster-wide', request(acmeAdmin, 'list', agents), false],
    ['acme-admin creates rolebindings in acme-corp', request(acmeAdmin, 'create', rbs, 'acme-corp'), true],
    ['acme-admin may not create clusterrolebindings', request(acmeAdmin, 'create', crbs), false],
    ['acme-admin reads its organization', request(acmeAdmin, 'get', orgs, '', 'acme-corp'), true],
    ['acme-admin may not patch its organization', request(acmeAdmin, 'patch', orgs, '', 'acme-corp'), false],
    [
      'acme-admin may not delete its organization',
      request(acmeAdmin, 'delete', orgs, '', 'acme-corp'),
      false,
    ],
    [
      'acme-admin may not read another organization',
      request(acmeAdmin, 'get', orgs, '', 'tech-startup'),
      false,
    ],
    ['acme-admin reads its namespace', request(acmeAdmin, 'get', namespaces, 'acme-corp', 'acme-corp'), true],
    [
      'acme-admin may not delete its namespace',
      request(acmeAdmin, 'delete', namespaces, 'acme-corp', 'acme-corp'),
      false,
    ],
    ['acme-admin reads acme-corp audit events', request(acmeAdmin, 'list', audit, 'acme-corp'), true],
    ['acme-admin may not change audit events', request(acmeAdmin, 'delete', audit, 'acme-corp', 'e'), false],
    [
      'acme-admin may not read tech-startup audit events',
      request(acmeAdmin, 'list', audit, 'tech-startup'),
      false,
    ],
    ['bob creates agents in client-a', request(bob, 'create', agents, 'client-a'), true],
    ['bob creates agents in client-b', request(bob, 'create', agents, 'client-b'), true],
    ['bob may not create agents in client-c', request(bob, 'create', agents, 'client-c'), false],
    ['bob lists agents in client-c', request(bob, 'list', agents, 'client-c'), true],
    ['bob deletes an agent in client-a', request(bob, 'delete', agents, 'client-a', 'bob-1'), true],
    ['bob may not create rolebindings', request(bob, 'create', rbs, 'client-a'), false],
    ['bob may not read audit events', request(bob, 'list', audit, 'client-a'), false],
    ['ci bot creates agents', request(ci, 'create', agents, 'acme-corp'), true],
    ['ci bot patches agents', request(ci, 'patch', agents, 'acme-corp', 'ci-built'), true],
    ['ci bot may not delete agents', request(ci, 'delete', agents, 'acme-corp', 'ci-built'), false],
    ['ci bot may not read rolebindings', request(ci, 'list', rbs, 'acme-corp'), false],
    ['platform-admin lists agents everywhere', request(platform, 'list', agents), true],
    ['platform-admin patches organizations', request(platform, 'patch', orgs, '', 'acme-corp'), true],
    ['everyone: discovery', nonResource(bob, 'get', '/apis/orgplane.io/v1alpha1'), true],
    ['everyone: core discovery', nonResource(bob, 'get', '/api/v1'), true],
    ['everyone: OpenAPI', nonResource(ci, 'get', '/openapi/v3/apis/orgplane.io/v1alpha1'), true],
    ['everyone: /version', nonResource(ci, 'get', '/version'), true],
    ['everyone: auth can-i', request(bob, 'create', ssar), true],
    ['everyone: auth can-i --list', request(ci, 'create', ssrr), true],
    ['nobody but admins: /metrics', nonResource(bob, 'get', '/metrics'), false],
    [
      'unauthenticated users get no discovery',
      nonResource({ username: 'x', groups: [] }, 'get', '/apis'),
      false,
    ],
  ];
  it.each(table)('%s', async (_name, attrs, allowed) => {
    expect((await authz.authorize(attrs)).decision).toBe(allowed ? 'allow' : 'noOpinion');
  });
});

describe('tenancy scenario: what lists across namespaces show', () => {
  it('filters agents by the namespaces each user may list', () => {
    expect(allowedNamespaces(resolver, acmeAdmin, 'list', 'orgplane.io', 'agents')).toEqual(
      new Set(['acme-corp']),
    );
    expect(allowedNamespaces(resolver, bob, 'list', 'orgplane.io', 'agents')).toEqual(
      new Set(['client-a', 'client-b', 'client-c']),
    );
    expect(allowedNamespaces(resolver, bob, 'create', 'orgplane.io', 'agents')).toEqual(
      new Set(['client-a', 'client-b']),
    );
    expect(allowedNamespaces(resolver, ci, 'watch', 'orgplane.io', 'agents')).toEqual(new Set(['acme-corp']));
    expect(allowedNamespaces(resolver, ci, 'list', 'rbac.authorization.k8s.io', 'rolebindings')).toEqual(
      new Set(),
    );
    expect(allowedNamespaces(resolver, platform, 'list', 'orgplane.io', 'agents')).toBe('all');
    expect(
      allowedNamespaces(resolver, { username: 'root', groups: ['system:masters'] }, 'list', '', 'events'),
    ).toBe('all');
  });

  it('shows each user the organizations it is bound in', () => {
    expect(visibleOrganizations(resolver, acmeAdmin)).toEqual(new Set(['acme-corp']));
    expect(visibleOrganizations(resolver, bob)).toEqual(new Set(['client-a', 'client-b', 'client-c']));
    expect(visibleOrganizations(resolver, ci, 'watch')).toEqual(new Set(['acme-corp']));
    expect(visibleOrganizations(resolver, platform)).toBe('all');
    expect(visibleOrganizations(resolver, sa('stranger'))).toEqual(new Set());
  });

  it('lists the ci bot rules for kubectl auth can-i --list', async () => {
    const rules = await authz.rulesFor(ci, 'acme-corp');
    expect(rules.resourceRules).toContainEqual({
      verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'],
      apiGroups: ['orgplane.io'],
      resources: ['agents'],
    });
    expect(rules.resourceRules.some((r) => r.resources.includes('rolebindings'))).toBe(false);
  });
});

describe('tenancy scenario: escalation', () => {
  const plugin = rbacEscalation({ resolver, authorizer: authz });
  const resources = builtinResources();
  const rbInfo = resources.find((r) => r.plural === 'rolebindings');
  const crbInfo = resources.find((r) => r.plural === 'clusterrolebindings');
  if (!rbInfo || !crbInfo) throw new Error('rbac kinds not built in');

  const create = (u: UserInfo, obj: KubeObject): Promise<void> =>
    Promise.resolve(
      plugin.validate?.({
        operation: 'CREATE',
        resource: obj.kind === 'RoleBinding' ? rbInfo : crbInfo,
        subresource: '',
        namespace: obj.metadata.namespace ?? '',
        name: obj.metadata.name ?? '',
        object: obj,
        oldObject: undefined,
        user: u,
        dryRun: false,
        txn: { compares: [], ops: [], charges: [] },
        warnings: [],
      } satisfies Attributes),
    );

  const refusal = async (p: Promise<void>): Promise<string> => {
    try {
      await p;
    } catch (err) {
      if (isApiError(err) && err.code === 403) return err.message;
      throw err;
    }
    return '';
  };

  it('lets acme-admin bind viewer, developer and deployer in acme-corp', async () => {
    for (const name of ['viewer', 'developer', 'deployer', 'org-admin']) {
      const rb = roleBinding('acme-corp', `x-${name}`, { kind: 'ClusterRole', name }, [
        subject('User', 'bob'),
      ]);
      await expect(create(acmeAdmin, rb)).resolves.toBeUndefined();
    }
  });

  it('refuses acme-admin a rolebinding to cluster-admin, in kube wording', async () => {
    const rb = roleBinding('acme-corp', 'grab', { kind: 'ClusterRole', name: 'cluster-admin' }, [
      subject('User', 'acme-admin'),
    ]);
    expect(await refusal(create(acmeAdmin, rb))).toBe(
      'rolebindings.rbac.authorization.k8s.io "grab" is forbidden: user "acme-admin" ' +
        '(groups=["orgplane:serviceaccounts" "system:authenticated"]) is attempting to grant RBAC permissions ' +
        'not currently held:\n{APIGroups:["*"], Resources:["*"], Verbs:["*"]}\n{NonResourceURLs:["*"], Verbs:["*"]}',
    );
  });

  it('refuses acme-admin a clusterrolebinding of org-admin (it holds that only in acme-corp)', async () => {
    const crb = clusterRoleBinding('grab', 'org-admin', [subject('User', 'acme-admin')]);
    expect(await refusal(create(acmeAdmin, crb))).toMatch(
      /is attempting to grant RBAC permissions not currently held/,
    );
  });

  it('refuses bob binding developer in client-c, where it is only a viewer', async () => {
    const rb = roleBinding('client-c', 'up', { kind: 'ClusterRole', name: 'developer' }, [
      subject('User', 'bob'),
    ]);
    expect(await refusal(create(bob, rb))).toMatch(
      /\{APIGroups:\["orgplane.io"\], Resources:\["agents"\], Verbs:\["create" "update" "patch" "delete" "deletecollection"\]\}/,
    );
  });

  it('lets platform-admin bind anything', async () => {
    const crb = clusterRoleBinding('ok', 'cluster-admin', [subject('User', 'bob')]);
    await expect(create(platform, crb)).resolves.toBeUndefined();
  });
});

describe('tenancy scenario: which denied reads become filtered reads', () => {
  const source = {
    allowedNamespaces: (u: UserInfo, verb: string, group: string, resource: string) =>
      allowedNamespaces(resolver, u, verb, group, resource),
    visibleOrganizations: (u: UserInfo, verb?: string) => visibleOrganizations(resolver, u, verb),
  };
  it.each<[string, AuthzAttributes, boolean, string[] | undefined]>([
    ['bob: get agents -A', request(bob, 'list', agents), true, ['client-a', 'client-b', 'client-c']],
    ['bob: get agents -A --watch', request(bob, 'watch', agents), true, ['client-a', 'client-b', 'client-c']],
    ['acme-admin: get organizations', request(acmeAdmin, 'list', orgs), false, ['acme-corp']],
    ['ci bot: get organizations -w', request(ci, 'watch', orgs), false, ['acme-corp']],
    ['ci bot: get rolebindings -A (bound nowhere for them)', request(ci, 'list', rbs), true, undefined],
    ['a stranger: get organizations', request(sa('stranger'), 'list', orgs), false, undefined],
    ['bob: list in one namespace stays a 403', request(bob, 'list', agents, 'tech-startup'), true, undefined],
    ['bob: create is never filtered', request(bob, 'create', agents), true, undefined],
    ['bob: a named get is never filtered', request(bob, 'get', orgs, '', 'client-a'), false, undefined],
    ['bob: cluster-scoped kinds are not filtered', request(bob, 'list', crbs), false, undefined],
  ])('%s', (_n, attrs, namespaced, expected) => {
    const scope = filteredReadScope(source, attrs, namespaced);
    expect(scope === undefined ? undefined : [...scope].sort()).toEqual(expected);
  });
});
