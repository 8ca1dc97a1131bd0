import { describe, expect, it } from '@jest/globals';
import { fc, test as fcTest } from '@fast-check/jest';
import type { KubeObject } from '../../api/meta.js';
import { namespaceLabels } from '../kinds/team-tree.js';
import { NAMESPACES_PREFIX } from '../registry/keys.js';
import { rbacAuthorizer } from './rbac.js';
import { RuleResolver } from './rule-resolver.js';
import { clusterRole, indexOf, request, roleBinding, subject, user } from './testdata.js';
import { allowedNamespaces } from './tenant-scope.js';
import { Tenancy } from './tenancy.js';

const agents = { group: 'orgplane.io', resource: 'agents' };
const writer = clusterRole('writer', [
  { apiGroups: ['orgplane.io'], resources: ['agents'], verbs: ['create', 'list'] },
]);

/** A chain acme > t1 > t2 > ... > tN, as namespace key-values. */
function chain(n: number): { key: string; value: string }[] {
  const out = [{ key: `${NAMESPACES_PREFIX}acme`, value: JSON.stringify({ metadata: { name: 'acme' } }) }];
  for (let i = 1; i <= n; i++) {
    const ancestors = Array.from({ length: i - 1 }, (_, k) => `t${String(i - 1 - k)}`);
    const ns = {
      metadata: { name: `acme-t${String(i)}`, labels: namespaceLabels('acme', `t${String(i)}`, ancestors) },
    };
    out.push({ key: `${NAMESPACES_PREFIX}acme-t${String(i)}`, value: JSON.stringify(ns) });
  }
  return out;
}

function setup(objects: KubeObject[], depth: number, groups: { key: string; value: string }[] = []) {
  const { index } = indexOf([writer, ...objects]);
  const tenancy = new Tenancy();
  tenancy.tree.reset(chain(depth), 1);
  tenancy.groups.reset(groups, 1);
  const resolver = new RuleResolver(index, tenancy);
  return { resolver, authz: rbacAuthorizer(resolver) };
}

const allowed = (authz: ReturnType<typeof rbacAuthorizer>, who: string, ns: string): boolean =>
  authz.authorize(request(user(who), 'create', agents, ns)).decision === 'allow';

describe('inherited RoleBindings', () => {
  it('apply below their namespace, never above or beside', () => {
    const { authz } = setup(
      [roleBinding('acme-t2', 'b', { kind: 'ClusterRole', name: 'writer' }, [subject('User', 'dev')])],
      5,
    );
    expect(
      ['acme', 'acme-t1', 'acme-t2', 'acme-t3', 'acme-t5'].map((ns) => allowed(authz, 'dev', ns)),
    ).toEqual([false, false, true, true, true]);
    expect(authz.authorize(request(user('dev'), 'create', agents, 'acme-t5')).reason).toContain(
      'RoleBinding "b/acme-t2"',
    );
  });

  it('stay in their namespace when annotated orgplane.io/inherit=false', () => {
    const b = roleBinding('acme-t1', 'b', { kind: 'ClusterRole', name: 'writer' }, [subject('User', 'dev')]);
    b.metadata.annotations = { 'orgplane.io/inherit': 'false' };
    const { authz, resolver } = setup([b], 3);
    expect(allowed(authz, 'dev', 'acme-t1')).toBe(true);
    expect(allowed(authz, 'dev', 'acme-t2')).toBe(false);
    expect(allowedNamespaces(resolver, user('dev'), 'list', 'orgplane.io', 'agents')).toEqual(
      new Set(['acme-t1']),
    );
  });

  it('match Group objects of the organization, but never through ClusterRoleBindings', () => {
    const group = {
      key: '/registry/orgplane.io/groups/acme/devs',
      value: JSON.stringify({ metadata: { name: 'devs', namespace: 'acme' }, spec: { members: ['gina'] } }),
    };
    const crb: KubeObject = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'devs' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'writer' },
      subjects: [subject('Group', 'devs')],
    };
    const rb = roleBinding('acme-t1', 'g', { kind: 'ClusterRole', name: 'writer' }, [
      subject('Group', 'devs'),
    ]);
    const other = roleBinding('other', 'g', { kind: 'ClusterRole', name: 'writer' }, [
      subject('Group', 'devs'),
    ]);
    const { authz } = setup([crb, rb, other], 2, [group]);
    expect(allowed(authz, 'gina', 'acme-t2')).toBe(true);
    expect(allowed(authz, 'gina', 'acme')).toBe(false);
    expect(allowed(authz, 'gina', 'other')).toBe(false);
  });

  fcTest.prop([fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 })], {
    seed: 20261206,
    numRuns: 60,
  })(
    'reach exactly the namespaces at or below the binding, in the authorizer and the list scope alike',
    (depth, at) => {
      const where = Math.min(at, depth);
      const { authz, resolver } = setup(
        [
          roleBinding(`acme-t${String(where)}`, 'b', { kind: 'ClusterRole', name: 'writer' }, [
            subject('User', 'dev'),
          ]),
        ],
        depth,
      );
      const scope = allowedNamespaces(resolver, user('dev'), 'list', 'orgplane.io', 'agents');
      for (let i = 1; i <= depth; i++) {
        const ns = `acme-t${String(i)}`;
        expect([ns, allowed(authz, 'dev', ns)]).toEqual([ns, i >= where]);
        expect([ns, scope !== 'all' && scope.has(ns)]).toEqual([ns, i >= where]);
      }
    },
  );

  it('costs about the same at depth 1 and depth 10', () => {
    const bindings = Array.from({ length: 200 }, (_, i) =>
      roleBinding('acme-t1', `b${String(i)}`, { kind: 'ClusterRole', name: 'writer' }, [
        subject('User', `u${String(i)}`),
      ]),
    );
    const { resolver } = setup(bindings, 10);
    // the inherited bindings are found through the user's own bindings, whatever the depth
    expect(resolver.inheritedBindings(user('u7'), 'acme-t10').map((b) => b.name)).toEqual(['b7']);
    expect(resolver.inheritedBindings(user('u7'), 'acme-t2').map((b) => b.name)).toEqual(['b7']);
  });
});
