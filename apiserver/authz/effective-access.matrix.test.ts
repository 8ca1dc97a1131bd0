/**
 * AccessReview and WhoCanReview against the RBAC authorizer, on generated worlds: two
 * organizations with team trees, organization Groups, RoleBindings at organization and team level
 * (inheriting or not, to missing roles too), ClusterRoleBindings, users with authenticated groups.
 * For every user × namespace × verb × resource × name, what the authorizer allows is exactly what
 * the access review lists and exactly who the who-can review names.
 */
import { afterAll, expect } from '@jest/globals';
import { fc, test as fcTest } from '@fast-check/jest';
import type { AccessReviewStatus, Permission, WhoCanSubject } from '../../api/accessreview.js';
import type { KubeObject } from '../../api/meta.js';
import type { UserInfo } from '../../api/user.js';
import { namespaceLabels } from '../kinds/team-tree.js';
import { NAMESPACES_PREFIX } from '../registry/keys.js';
import { accessOf } from './effective-access.js';
import { OBJECT_VERBS, type ResourceKey } from './grants.js';
import { GROUPS_PREFIX } from './group-members.js';
import { rbacAuthorizer } from './rbac.js';
import { RuleResolver } from './rule-resolver.js';
import { Tenancy } from './tenancy.js';
import { clusterRole, clusterRoleBinding, indexOf, request, role, roleBinding, subject } from './testdata.js';
import { whoCan } from './who-can.js';

const O = 'orgplane.io';
const RBAC = 'rbac.authorization.k8s.io';
const NAMESPACED: ResourceKey[] = [
  { group: O, resource: 'agents' },
  { group: O, resource: 'teams' },
  { group: O, resource: 'groups' },
  { group: RBAC, resource: 'rolebindings' },
  { group: '', resource: 'configmaps' },
  { group: '', resource: 'namespaces' },
];
const ORGANIZATIONS: ResourceKey = { group: O, resource: 'organizations' };
const ORGS = ['acme', 'beta'];
/** namespace → [org, team, ancestors nearest first] */
const TEAMS: [string, string, string, string[]][] = [
  ['acme-eng', 'acme', 'eng', []],
  ['acme-backend', 'acme', 'backend', ['eng']],
  ['acme-web', 'acme', 'web', []],
  ['beta-ops', 'beta', 'ops', []],
];
const NAMESPACES = [...ORGS, ...TEAMS.map((t) => t[0])];
/** the username of kube ServiceAccount acme-eng/ci, which bindings name as {kind: ServiceAccount} */
const SA_USER = 'system:serviceaccount:acme-eng:ci';
const USERS = ['alice', 'bob', 'carol', 'dave', SA_USER];
const ORG_GROUPS = ['admins', 'devs'];
const NAMES = ['', 'a1'];

const ROLES: KubeObject[] = [
  clusterRole('admin', [
    { apiGroups: [O], resources: ['agents', 'teams', 'groups'], verbs: ['*'] },
    { apiGroups: [RBAC], resources: ['rolebindings'], verbs: ['get', 'list', 'create', 'delete'] },
    { apiGroups: [O], resources: ['organizations'], verbs: ['get'] },
  ]),
  clusterRole('dev', [
    { apiGroups: [O], resources: ['agents'], verbs: ['create', 'update', 'delete'] },
    { apiGroups: [O, ''], resources: ['agents', 'configmaps', 'namespaces'], verbs: ['get', 'list'] },
  ]),
  clusterRole('named', [
    { apiGroups: [O], resources: ['agents'], verbs: ['get', 'patch'], resourceNames: ['a1'] },
  ]),
  clusterRole('wild', [{ apiGroups: ['*'], resources: ['*'], verbs: ['watch'] }]),
  role('acme', 'local', [
    { apiGroups: [''], resources: ['configmaps'], verbs: ['create', 'deletecollection'] },
  ]),
];
const ROLE_REFS = [
  { kind: 'ClusterRole', name: 'admin' },
  { kind: 'ClusterRole', name: 'dev' },
  { kind: 'ClusterRole', name: 'named' },
  { kind: 'ClusterRole', name: 'wild' },
  { kind: 'ClusterRole', name: 'missing' },
  { kind: 'Role', name: 'local' },
] as const;

const subjectArb = fc.oneof(
  fc.constantFrom(...USERS).map((n) => subject('User', n)),
  fc.constantFrom(subject('ServiceAccount', 'ci'), subject('ServiceAccount', 'ci', 'acme-eng')),
  fc.constantFrom(...ORG_GROUPS, 'ext').map((n) => subject('Group', n)),
);
const bindingArb = fc.record({
  ns: fc.constantFrom(...NAMESPACES),
  ref: fc.constantFrom(...ROLE_REFS),
  subjects: fc.uniqueArray(subjectArb, {
    minLength: 1,
    maxLength: 3,
    selector: (s) => `${s.kind}/${s.name}`,
  }),
  inherit: fc.boolean(),
});
const worldArb = fc.record({
  bindings: fc.array(bindingArb, { maxLength: 8 }),
  clusterBindings: fc.array(
    fc.record({
      role: fc.constantFrom('dev', 'named', 'wild'),
      subjects: fc.uniqueArray(subjectArb, {
        minLength: 1,
        maxLength: 2,
        selector: (s) => `${s.kind}/${s.name}`,
      }),
    }),
    { maxLength: 2 },
  ),
  groups: fc.array(
    fc.record({
      org: fc.constantFrom(...ORGS),
      name: fc.constantFrom(...ORG_GROUPS),
      members: fc.subarray(USERS),
    }),
    { maxLength: 3 },
  ),
  extMembers: fc.subarray(USERS),
});
type World = typeof worldArb extends fc.Arbitrary<infer W> ? W : never;

function build(w: World): RuleResolver {
  const objects: KubeObject[] = [...ROLES];
  w.bindings.forEach((b, i) => {
    const rb = roleBinding(b.ns, `rb${String(i)}`, b.ref, b.subjects);
    if (!b.inherit) rb.metadata.annotations = { 'orgplane.io/inherit': 'false' };
    objects.push(rb);
  });
  w.clusterBindings.forEach((b, i) =>
    objects.push(clusterRoleBinding(`crb${String(i)}`, b.role, b.subjects)),
  );
  const { index } = indexOf(objects);
  const tenancy = new Tenancy();
  tenancy.tree.reset(
    [
      ...ORGS.map((o) => ({ key: NAMESPACES_PREFIX + o, value: JSON.stringify({ metadata: { name: o } }) })),
      ...TEAMS.map(([ns, org, team, above]) => ({
        key: NAMESPACES_PREFIX + ns,
        value: JSON.stringify({ metadata: { name: ns, labels: namespaceLabels(org, team, above) } }),
      })),
    ],
    1,
  );
  tenancy.groups.reset(
    w.groups.map((g) => ({
      key: `${GROUPS_PREFIX}${g.org}/${g.name}`,
      value: JSON.stringify({ spec: { members: g.members } }),
    })),
    1,
  );
  return new RuleResolver(index, tenancy);
}

const userOf = (w: World, name: string): UserInfo => ({
  username: name,
  groups: [...(w.extMembers.includes(name) ? ['ext'] : []), 'system:authenticated'],
});

const grants = (p: Permission | undefined, verb: string, name: string): boolean =>
  p?.grants.some(
    (g) => g.verbs.includes(verb) && (g.resourceNames === undefined || g.resourceNames.includes(name)),
  ) ?? false;

function listed(a: AccessReviewStatus, ns: string, r: ResourceKey, verb: string, name: string): boolean {
  const find = (ps: readonly Permission[] | undefined) =>
    ps?.find((p) => p.group === r.group && p.resource === r.resource);
  const here = a.organizations.flatMap((o) => o.namespaces).find((n) => n.namespace === ns);
  return grants(find(a.clusterWide), verb, name) || grants(find(here?.permissions), verb, name);
}

const names = (u: UserInfo, rows: readonly WhoCanSubject[]): boolean =>
  rows.some(
    (s) =>
      (s.kind === 'User' && s.name === u.username) ||
      (s.kind === 'Group' && u.groups.includes(s.name)) ||
      (s.kind === 'ServiceAccount' && `system:serviceaccount:${s.namespace ?? ''}:${s.name}` === u.username),
  );

interface Case {
  readonly ns: string;
  readonly r: ResourceKey;
  readonly verb: string;
  readonly name: string;
}

/** Every namespace × resource × verb × name asked about (an Organization by its own name). */
const CASES: Case[] = NAMESPACES.flatMap((ns) =>
  [...NAMESPACED, ...(ORGS.includes(ns) ? [ORGANIZATIONS] : [])].flatMap((r) =>
    OBJECT_VERBS.flatMap((verb) =>
      (r === ORGANIZATIONS ? [ns] : NAMES).map((name) => ({ ns, r, verb, name })),
    ),
  ),
);

let totalAllowed = 0;

fcTest.prop([worldArb], { seed: 20261206, numRuns: 120 })(
  'access and who-can answers agree with the authorizer in both directions',
  (w) => {
    const resolver = build(w);
    const authz = rbacAuthorizer(resolver);
    const resourcesIn = (ns: string): ResourceKey[] =>
      ns === '' || ORGS.includes(ns) ? [...NAMESPACED, ORGANIZATIONS] : NAMESPACED;
    const access = new Map(USERS.map((u) => [u, accessOf(resolver, userOf(w, u), { resourcesIn })]));
    const mismatches: string[] = [];
    let allowedCount = 0;
    for (const { ns, r, verb, name } of CASES) {
      const where = r === ORGANIZATIONS ? '' : ns;
      const who = whoCan(resolver, { verb, ...r, subresource: '', namespace: where, name });
      for (const u of USERS) {
        const info = userOf(w, u);
        const allowed = authz.authorize(request(info, verb, r, where, name)).decision === 'allow';
        const inAccess = listed(access.get(u) ?? { clusterWide: [], organizations: [] }, ns, r, verb, name);
        const inWho = names(info, who.subjects);
        if (allowed) allowedCount++;
        if (allowed !== inAccess || allowed !== inWho)
          mismatches.push(
            `${u} ${verb} ${r.resource} ${ns}/${name}: authorizer ${String(allowed)}, access ${String(inAccess)}, who-can ${String(inWho)}`,
          );
      }
    }
    expect(mismatches).toEqual([]);
    totalAllowed += allowedCount;
  },
);

afterAll(() => {
  // the generated worlds grant something: the agreement is not only on denials
  expect(totalAllowed).toBeGreaterThan(1000);
});
