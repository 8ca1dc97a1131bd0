import { describe, expect, it } from '@jest/globals';
import type { PolicyRule } from '../../api/builtin/rbac.js';
import type { KubeObject } from '../../api/meta.js';
import type { ResourceInfo } from '../../api/resource.js';
import { builtinResources } from '../../api/resources.js';
import { mastersAuthorizer, unionAuthorizer } from '../authz/masters.js';
import { rbacAuthorizer } from '../authz/rbac.js';
import {
  clusterRole,
  clusterRoleBinding,
  indexOf,
  rbacKey,
  role,
  roleBinding,
  subject,
  user,
} from '../authz/testdata.js';
import { isApiError } from '../errors/status.js';
import { StorageError } from '../storage/errors.js';
import type { KeyValue, Storage } from '../storage/interface.js';
import type { Attributes, Operation } from '../admission/types.js';
import { rbacEscalation } from './rbac-escalation.js';

const RBAC = 'rbac.authorization.k8s.io';
const agentsRead: PolicyRule = {
  apiGroups: ['orgplane.io'],
  resources: ['agents'],
  verbs: ['get', 'list', 'watch'],
};
const agentsWrite: PolicyRule = {
  apiGroups: ['orgplane.io'],
  resources: ['agents'],
  verbs: ['create', 'delete'],
};
const rbacWrite: PolicyRule = {
  apiGroups: [RBAC],
  resources: ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'],
  verbs: ['create', 'update'],
};

const objects = [
  clusterRole('reader', [agentsRead]),
  clusterRole('writer', [agentsRead, agentsWrite]),
  clusterRole('rbac-editor', [rbacWrite]),
  clusterRole('escalator', [
    { apiGroups: [RBAC], resources: ['roles', 'clusterroles'], verbs: ['escalate'] },
  ]),
  clusterRole('bind-writer', [
    { apiGroups: [RBAC], resources: ['clusterroles'], verbs: ['bind'], resourceNames: ['writer'] },
  ]),
  clusterRole('bind-other', [
    { apiGroups: [RBAC], resources: ['clusterroles'], verbs: ['bind'], resourceNames: ['reader'] },
  ]),
  clusterRole('bind-roles', [{ apiGroups: [RBAC], resources: ['roles'], verbs: ['bind'] }]),
  clusterRole('everything', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]),
  role('team', 'local-writer', [agentsRead, agentsWrite]),
  // alice: reader + rbac editor in team
  roleBinding('team', 'alice-reader', { kind: 'ClusterRole', name: 'reader' }, [subject('User', 'alice')]),
  roleBinding('team', 'alice-rbac', { kind: 'ClusterRole', name: 'rbac-editor' }, [subject('User', 'alice')]),
  // erin: like alice, plus escalate in team
  roleBinding('team', 'erin-reader', { kind: 'ClusterRole', name: 'reader' }, [subject('User', 'erin')]),
  roleBinding('team', 'erin-rbac', { kind: 'ClusterRole', name: 'rbac-editor' }, [subject('User', 'erin')]),
  roleBinding('team', 'erin-escalate', { kind: 'ClusterRole', name: 'escalator' }, [subject('User', 'erin')]),
  // bea: bind on clusterrole "writer" in team, "reader" in other
  roleBinding('team', 'bea-rbac', { kind: 'ClusterRole', name: 'rbac-editor' }, [subject('User', 'bea')]),
  roleBinding('team', 'bea-bind', { kind: 'ClusterRole', name: 'bind-writer' }, [subject('User', 'bea')]),
  roleBinding('other', 'bea-rbac', { kind: 'ClusterRole', name: 'rbac-editor' }, [subject('User', 'bea')]),
  roleBinding('other', 'bea-bind', { kind: 'ClusterRole', name: 'bind-other' }, [subject('User', 'bea')]),
  // gus: writer cluster-wide, rbac editor cluster-wide
  clusterRoleBinding('gus-writer', 'writer', [subject('User', 'gus')]),
  clusterRoleBinding('gus-rbac', 'rbac-editor', [subject('User', 'gus')]),
  // cara: bind on every clusterrole? no: bind on roles, cluster-wide
  clusterRoleBinding('cara-rbac', 'rbac-editor', [subject('User', 'cara')]),
  clusterRoleBinding('cara-bind', 'bind-roles', [subject('User', 'cara')]),
  // root-ish: everything (no nonResourceURLs) cluster-wide
  clusterRoleBinding('zed', 'everything', [subject('User', 'zed')]),
];

const { resolver } = indexOf(objects);
const authorizer = unionAuthorizer([mastersAuthorizer, rbacAuthorizer(resolver)]);

/** a storage that only answers get() from a fixed set of objects (the fallback lookup) */
function storageWith(extra: KubeObject[]): Storage {
  const kvs = new Map<string, KeyValue>(
    extra.map((o) => [
      rbacKey(o),
      { key: rbacKey(o), value: JSON.stringify(o), createRevision: 9, modRevision: 9, version: 1, lease: 0 },
    ]),
  );
  return { get: (key: string) => Promise.resolve(kvs.get(key)) } as unknown as Storage;
}

const late = clusterRole('late-reader', [agentsRead]);
const plugin = rbacEscalation({ resolver, authorizer, storage: storageWith([late]) });
const info = (plural: string): ResourceInfo => {
  const r = builtinResources().find((x) => x.group === RBAC && x.plural === plural);
  if (!r) throw new Error(plural);
  return r;
};

function attrs(
  u: string,
  obj: KubeObject,
  op: Operation = 'CREATE',
  old?: KubeObject,
  groups: string[] = [],
): Attributes {
  return {
    operation: op,
    resource: info(`${obj.kind.toLowerCase()}s`),
    subresource: '',
    namespace: obj.metadata.namespace ?? '',
    name: obj.metadata.name ?? '',
    object: obj,
    oldObject: old,
    user: user(u, ...groups),
    dryRun: false,
    txn: { compares: [], ops: [], charges: [] },
    warnings: [],
  };
}

/** '' when admitted, else the 403 message */
async function verdict(a: Attributes): Promise<string> {
  expect(plugin.handles(a)).toBe(true);
  try {
    await plugin.validate?.(a);
    return '';
  } catch (err) {
    if (isApiError(err) && err.code === 403) return err.message;
    throw err;
  }
}

const ALLOWED = '';
const ESCALATING = /is attempting to grant RBAC permissions not currently held/;

describe('RBAC escalation: roles', () => {
  it('creates a role with rules the user holds in that namespace', async () => {
    expect(await verdict(attrs('alice', role('team', 'r', [agentsRead])))).toBe(ALLOWED);
  });

  it('refuses a role with rules the user does not hold, in kube wording', async () => {
    expect(await verdict(attrs('alice', role('team', 'r', [agentsRead, agentsWrite])))).toBe(
      'roles.rbac.authorization.k8s.io "r" is forbidden: user "alice" (groups=["system:authenticated"]) is attempting ' +
        'to grant RBAC permissions not currently held:\n{APIGroups:["orgplane.io"], Resources:["agents"], Verbs:["create" "delete"]}',
    );
  });

  it('refuses a role in a namespace where the user holds the rules nowhere', async () => {
    expect(await verdict(attrs('alice', role('elsewhere', 'r', [agentsRead])))).toMatch(ESCALATING);
  });

  it('allows anything with the escalate verb', async () => {
    expect(
      await verdict(attrs('erin', role('team', 'r', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]))),
    ).toBe(ALLOWED);
  });

  it('escalate in one namespace does not reach another', async () => {
    expect(await verdict(attrs('erin', role('other', 'r', [agentsRead])))).toMatch(ESCALATING);
  });

  it('does not re-check an update that leaves the rules alone', async () => {
    const old = role('team', 'big', [agentsWrite]);
    const next = {
      ...role('team', 'big', [agentsWrite]),
      metadata: { name: 'big', namespace: 'team', labels: { a: 'b' } },
    };
    expect(await verdict(attrs('alice', next, 'UPDATE', old))).toBe(ALLOWED);
  });

  it('re-checks an update that adds rules', async () => {
    const old = role('team', 'r', [agentsRead]);
    expect(
      await verdict(attrs('alice', role('team', 'r', [agentsRead, agentsWrite]), 'UPDATE', old)),
    ).toMatch(ESCALATING);
  });

  it('clusterroles need the rules cluster-wide', async () => {
    expect(await verdict(attrs('gus', clusterRole('c', [agentsWrite])))).toBe(ALLOWED);
    expect(await verdict(attrs('alice', clusterRole('c', [agentsRead])))).toMatch(ESCALATING);
  });

  it('an aggregationRule needs * on *.*', async () => {
    const agg = clusterRole('agg', [], { aggregate: [{ x: 'y' }] });
    expect(await verdict(attrs('gus', agg))).toBe(
      'clusterroles.rbac.authorization.k8s.io "agg" is forbidden: must have cluster-admin privileges to use the aggregationRule',
    );
    expect(await verdict(attrs('zed', agg))).toBe(ALLOWED);
  });
});

describe('RBAC escalation: bindings', () => {
  it('binds a role whose rules the user holds', async () => {
    const rb = roleBinding('team', 'b', { kind: 'ClusterRole', name: 'reader' }, [subject('User', 'x')]);
    expect(await verdict(attrs('alice', rb))).toBe(ALLOWED);
  });

  it('refuses a rolebinding to a bigger clusterrole', async () => {
    const rb = roleBinding('team', 'b', { kind: 'ClusterRole', name: 'writer' }, [subject('User', 'x')]);
    expect(await verdict(attrs('alice', rb))).toBe(
      'rolebindings.rbac.authorization.k8s.io "b" is forbidden: user "alice" (groups=["system:authenticated"]) is ' +
        'attempting to grant RBAC permissions not currently held:\n{APIGroups:["orgplane.io"], Resources:["agents"], Verbs:["create" "delete"]}',
    );
  });

  it('refuses a rolebinding to a Role with more rules', async () => {
    const rb = roleBinding('team', 'b', { kind: 'Role', name: 'local-writer' }, [subject('User', 'x')]);
    expect(await verdict(attrs('alice', rb))).toMatch(ESCALATING);
  });

  it('allows binding with the bind verb on that role by name', async () => {
    const rb = roleBinding('team', 'b', { kind: 'ClusterRole', name: 'writer' }, [subject('User', 'x')]);
    expect(await verdict(attrs('bea', rb))).toBe(ALLOWED);
  });

  it('bind limited by resourceNames does not cover another role', async () => {
    const rb = roleBinding('other', 'b', { kind: 'ClusterRole', name: 'writer' }, [subject('User', 'x')]);
    expect(await verdict(attrs('bea', rb))).toMatch(ESCALATING);
    const ok = roleBinding('other', 'b', { kind: 'ClusterRole', name: 'reader' }, [subject('User', 'x')]);
    expect(await verdict(attrs('bea', ok))).toBe(ALLOWED);
  });

  it('bind on roles does not allow binding clusterroles', async () => {
    const rb = roleBinding('team', 'b', { kind: 'ClusterRole', name: 'writer' }, [subject('User', 'x')]);
    expect(await verdict(attrs('cara', rb))).toMatch(ESCALATING);
    const onRole = roleBinding('team', 'b', { kind: 'Role', name: 'local-writer' }, [subject('User', 'x')]);
    expect(await verdict(attrs('cara', onRole))).toBe(ALLOWED);
  });

  it('clusterrolebindings need the rules cluster-wide', async () => {
    const crb = clusterRoleBinding('c', 'writer', [subject('User', 'x')]);
    expect(await verdict(attrs('gus', crb))).toBe(ALLOWED);
    expect(await verdict(attrs('bea', crb))).toMatch(ESCALATING);
    expect(await verdict(attrs('alice', clusterRoleBinding('c', 'reader', [subject('User', 'x')])))).toMatch(
      ESCALATING,
    );
  });

  it('refuses a binding to a role that does not exist', async () => {
    const rb = roleBinding('team', 'b', { kind: 'ClusterRole', name: 'ghost' }, [subject('User', 'x')]);
    expect(await verdict(attrs('alice', rb))).toBe(
      'rolebindings.rbac.authorization.k8s.io "b" is forbidden: clusterrole.rbac.authorization.k8s.io "ghost" not found',
    );
  });

  it('lets a storage outage through as the storage error, never as a 403', async () => {
    const down = {
      get: () => Promise.reject(new StorageError('Unavailable', '/registry/x', 'etcd is down')),
    } as unknown as Storage;
    const p = rbacEscalation({ resolver, authorizer, storage: down });
    const rb = roleBinding('team', 'b', { kind: 'ClusterRole', name: 'ghost' }, [subject('User', 'x')]);
    await expect(p.validate?.(attrs('alice', rb))).rejects.toMatchObject({ code: 'Unavailable' });
  });

  it('finds a role stored a moment ago that the index has not seen yet', async () => {
    const rb = roleBinding('team', 'b', { kind: 'ClusterRole', name: 'late-reader' }, [subject('User', 'x')]);
    expect(await verdict(attrs('alice', rb))).toBe(ALLOWED);
  });

  it('does not re-check an update that keeps roleRef and subjects; does when subjects change', async () => {
    const old = roleBinding('team', 'b', { kind: 'ClusterRole', name: 'writer' }, [subject('User', 'x')]);
    const relabelled = { ...old, metadata: { ...old.metadata, labels: { a: 'b' } } };
    expect(await verdict(attrs('alice', relabelled, 'UPDATE', old))).toBe(ALLOWED);
    const more = roleBinding('team', 'b', { kind: 'ClusterRole', name: 'writer' }, [
      subject('User', 'x'),
      subject('User', 'alice'),
    ]);
    expect(await verdict(attrs('alice', more, 'UPDATE', old))).toMatch(ESCALATING);
  });

  it('system:masters bypasses every check', async () => {
    const crb = clusterRoleBinding('c', 'everything', [subject('User', 'x')]);
    expect(await verdict(attrs('root', crb, 'CREATE', undefined, ['system:masters']))).toBe(ALLOWED);
  });
});

describe('RBAC escalation: scope', () => {
  it('handles only creates and updates of the four RBAC kinds', () => {
    const rb = roleBinding('team', 'b', { kind: 'ClusterRole', name: 'writer' }, []);
    expect(plugin.handles(attrs('alice', rb, 'DELETE'))).toBe(false);
    expect(plugin.handles({ ...attrs('alice', rb), subresource: 'status' })).toBe(false);
    const ns = builtinResources().find((r) => r.plural === 'namespaces');
    if (!ns) throw new Error('namespaces');
    expect(plugin.handles({ ...attrs('alice', rb), resource: ns })).toBe(false);
  });
});
