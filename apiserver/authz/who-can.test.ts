import { describe, expect, it } from '@jest/globals';
import { namespaceLabels } from '../kinds/team-tree.js';
import { NAMESPACES_PREFIX } from '../registry/keys.js';
import { accessOf } from './effective-access.js';
import { GROUPS_PREFIX } from './group-members.js';
import { RuleResolver } from './rule-resolver.js';
import { Tenancy } from './tenancy.js';
import { clusterRole, clusterRoleBinding, indexOf, roleBinding, subject, user } from './testdata.js';
import { whoCan } from './who-can.js';

const agents = { group: 'orgplane.io', resource: 'agents' };
const writer = clusterRole('writer', [
  { apiGroups: ['orgplane.io'], resources: ['agents'], verbs: ['create'] },
]);

function resolverWith(objects: Parameters<typeof indexOf>[0]): RuleResolver {
  const { index } = indexOf([writer, ...objects]);
  const tenancy = new Tenancy();
  tenancy.tree.reset(
    [
      { key: `${NAMESPACES_PREFIX}acme`, value: JSON.stringify({ metadata: { name: 'acme' } }) },
      {
        key: `${NAMESPACES_PREFIX}acme-eng`,
        value: JSON.stringify({ metadata: { name: 'acme-eng', labels: namespaceLabels('acme', 'eng', []) } }),
      },
    ],
    1,
  );
  tenancy.groups.reset(
    [{ key: `${GROUPS_PREFIX}acme/devs`, value: JSON.stringify({ spec: { members: ['gina'] } }) }],
    1,
  );
  return new RuleResolver(index, tenancy);
}

const ask = (r: RuleResolver, namespace: string) =>
  whoCan(r, { verb: 'create', ...agents, subresource: '', namespace, name: '' });

describe('who can', () => {
  it('lists direct, inherited, group, ServiceAccount and cluster-wide subjects with why', () => {
    const r = resolverWith([
      roleBinding('acme', 'org', { kind: 'ClusterRole', name: 'writer' }, [
        subject('User', 'alice'),
        subject('Group', 'devs'),
      ]),
      roleBinding('acme-eng', 'bot', { kind: 'ClusterRole', name: 'writer' }, [
        subject('ServiceAccount', 'ci'),
      ]),
      clusterRoleBinding('ops', 'writer', [subject('Group', 'ops')]),
    ]);
    const rows = ask(r, 'acme-eng').subjects.map(
      (s) =>
        `${s.kind} ${s.namespace ?? ''}/${s.name} ${s.via.binding ?? ''} ${s.via.group ?? '-'} ${s.via.inheritedFrom ?? '-'}`,
    );
    expect(rows).toEqual([
      'Group /ops ops ops -',
      'ServiceAccount acme-eng/ci bot - -',
      'User /alice org - acme',
      'Group /devs org devs acme',
      'User /gina org devs acme',
    ]);
  });

  it('leaves out bindings that do not inherit and reports missing roles', () => {
    const own = roleBinding('acme', 'own', { kind: 'ClusterRole', name: 'writer' }, [
      subject('User', 'alice'),
    ]);
    own.metadata.annotations = { 'orgplane.io/inherit': 'false' };
    const r = resolverWith([
      own,
      roleBinding('acme-eng', 'ghost', { kind: 'ClusterRole', name: 'gone' }, [subject('User', 'bob')]),
    ]);
    const s = ask(r, 'acme-eng');
    expect(s.subjects).toEqual([]);
    expect(s.evaluationError).toBe('clusterrole.rbac.authorization.k8s.io "gone" not found');
    expect(ask(r, 'acme').subjects.map((x) => x.name)).toEqual(['alice']);
  });
});

describe('effective access', () => {
  it('lists each namespace of the organization the user acts in, with membership and only visible ones', () => {
    const r = resolverWith([
      roleBinding('acme-eng', 'eng', { kind: 'ClusterRole', name: 'writer' }, [subject('Group', 'devs')]),
    ]);
    const resourcesIn = () => [agents, { group: 'orgplane.io', resource: 'teams' }];
    const all = accessOf(r, user('gina'), { resourcesIn });
    expect(
      all.organizations.map((o) => [
        o.name,
        o.namespaces.map((n) => [
          n.namespace,
          n.permissions.map((p) => `${p.resource}:${p.verbs.join(',')}`),
        ]),
      ]),
    ).toEqual([
      [
        'acme',
        [
          ['acme', ['teams:get,list,watch']],
          ['acme-eng', ['agents:create']],
        ],
      ],
    ]);
    expect(accessOf(r, user('gina'), { resourcesIn, visible: (ns) => ns === 'acme' }).organizations).toEqual([
      {
        name: 'acme',
        namespaces: [{ namespace: 'acme', permissions: [expect.objectContaining({ resource: 'teams' })] }],
      },
    ]);
  });
});
