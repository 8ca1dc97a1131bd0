import { describe, expect, it } from '@jest/globals';
import { ServerError } from '../gitops/client.js';
import type { Obj } from '../gitops/objects.js';
import { nameOf, namespaceOf } from '../gitops/objects.js';
import { boundUsers, collect, type Reader } from './collect.js';

const o = (apiVersion: string, kind: string, name: string, namespace?: string, rest: Obj = {}): Obj => ({
  apiVersion,
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}) },
  ...rest,
});

const RB = 'rbac.authorization.k8s.io/v1';
const OP = 'orgplane.io/v1alpha1';
const world: Obj[] = [
  o(OP, 'Organization', 'acme'),
  o(OP, 'Organization', 'other'),
  o(OP, 'Team', 'eng', 'acme', { status: { namespace: 'acme-eng' } }),
  o(OP, 'Group', 'devs', 'acme', { spec: { members: ['bob', 'carol'] } }),
  o(RB, 'RoleBinding', 'admins', 'acme', { subjects: [{ kind: 'User', name: 'alice' }] }),
  o(RB, 'RoleBinding', 'devs', 'acme-eng', { subjects: [{ kind: 'Group', name: 'devs' }] }),
  o(RB, 'RoleBinding', 'theirs', 'other', { subjects: [{ kind: 'User', name: 'mallory' }] }),
  o('v1', 'ConfigMap', 'cfg', 'acme-eng'),
  o('v1', 'Secret', 'key', 'acme-eng'),
  o(OP, 'Agent', 'bot', 'acme-eng'),
  o(OP, 'ServiceAccount', 'alice'),
  o(OP, 'ServiceAccount', 'bob'),
  o(OP, 'ServiceAccount', 'mallory'),
];

function reader(mayReadAccounts: boolean): Reader {
  const match = (apiVersion: string, kind: string) => (x: Obj) =>
    x.apiVersion === apiVersion && x.kind === kind;
  return {
    read: (apiVersion, kind, name, namespace) => {
      if (kind === 'ServiceAccount' && !mayReadAccounts)
        return Promise.reject(new ServerError(403, `serviceaccounts.orgplane.io "${name}" is forbidden`));
      return Promise.resolve(
        world.find((x) => match(apiVersion, kind)(x) && nameOf(x) === name && namespaceOf(x) === namespace),
      );
    },
    list: (apiVersion, kind, namespace) =>
      Promise.resolve(world.filter((x) => match(apiVersion, kind)(x) && namespaceOf(x) === namespace)),
  };
}

const ids = (objects: readonly Obj[]): string[] =>
  objects.map((x) => `${String(x.kind)}/${namespaceOf(x) ?? ''}/${nameOf(x)}`).sort();

describe('collect', () => {
  it('reads the organization, its tree and the accounts bound in it, and nothing of another', async () => {
    const { objects, notes } = await collect(reader(true), 'acme', false);
    expect(notes).toEqual([]);
    expect(ids(objects)).toEqual([
      'Agent/acme-eng/bot',
      'ConfigMap/acme-eng/cfg',
      'Group/acme/devs',
      'Organization//acme',
      'RoleBinding/acme-eng/devs',
      'RoleBinding/acme/admins',
      'ServiceAccount//alice',
      'ServiceAccount//bob',
      'Team/acme/eng',
    ]);
  });

  it('reads Secrets only when asked', async () => {
    const { objects } = await collect(reader(true), 'acme', true);
    expect(ids(objects)).toContain('Secret/acme-eng/key');
  });

  it('leaves the accounts out with a note when the caller may not read them', async () => {
    const { objects, notes } = await collect(reader(false), 'acme', false);
    expect(objects.some((x) => x.kind === 'ServiceAccount')).toBe(false);
    expect(notes).toEqual([expect.stringMatching(/^ServiceAccounts left out \(3 bound users.*forbidden/)]);
  });

  it('answers 404 for a missing organization', async () => {
    await expect(collect(reader(true), 'nope', false)).rejects.toThrow(
      'organizations.orgplane.io "nope" not found',
    );
  });
});

describe('boundUsers', () => {
  it('takes User subjects and group members, once each, sorted', () => {
    const bindings = [
      o(RB, 'RoleBinding', 'x', 'a', {
        subjects: [
          { kind: 'User', name: 'z' },
          { kind: 'Group', name: 'g' },
        ],
      }),
    ];
    const groups = [o(OP, 'Group', 'g', 'a', { spec: { members: ['z', 'a'] } })];
    expect(boundUsers(bindings, groups)).toEqual(['a', 'z']);
  });
});
