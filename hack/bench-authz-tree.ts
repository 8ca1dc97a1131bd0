/**
 * Authorization through an organization's team tree, in process (the RBAC authorizer answering
 * from its index, as on every request): 1,000 teams (125 branches of 8 nested teams) and 10,000
 * RoleBindings (10 per team namespace), and the authorizations per second of a user bound at the
 * top of a branch creating agents at depth 1 (its own namespace), at depth 2 and at depth 8
 * (inherited through 1 and 7 levels: the same cost, as inherited bindings are found by subject),
 * and of a user bound nowhere (a denial visits everything it could hold).
 *   npx tsx hack/bench-authz-tree.ts [--branches 125] [--depth 8] [--per-team 10] [--ms 2000]
 */
import { rbacAuthorizer } from '../apiserver/authz/rbac.js';
import { RbacIndex } from '../apiserver/authz/rbac-index.js';
import { RuleResolver } from '../apiserver/authz/rule-resolver.js';
import { Tenancy } from '../apiserver/authz/tenancy.js';
import type { AuthzAttributes } from '../apiserver/authz/types.js';
import { namespaceLabels } from '../apiserver/kinds/team-tree.js';
import { NAMESPACES_PREFIX } from '../apiserver/registry/keys.js';

const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1] ?? def) : def;
};
const BRANCHES = arg('branches', 125);
const DEPTH = arg('depth', 8);
const PER_TEAM = arg('per-team', 10);
const MS = arg('ms', 2000);
const RBAC = 'rbac.authorization.k8s.io';

const namespaces: { key: string; value: string }[] = [
  { key: `${NAMESPACES_PREFIX}acme`, value: JSON.stringify({ metadata: { name: 'acme' } }) },
];
const rbac: { key: string; value: string }[] = [
  {
    key: `/registry/${RBAC}/clusterroles/developer`,
    value: JSON.stringify({
      metadata: { name: 'developer' },
      rules: [{ apiGroups: ['orgplane.io'], resources: ['agents'], verbs: ['create', 'update', 'delete'] }],
    }),
  },
];
const team = (b: number, d: number): string => `b${String(b)}-t${String(d)}`;
for (let b = 0; b < BRANCHES; b++)
  for (let d = 1; d <= DEPTH; d++) {
    const name = team(b, d);
    const above = Array.from({ length: d - 1 }, (_, k) => team(b, d - 1 - k));
    const ns = `acme-${name}`;
    namespaces.push({
      key: `${NAMESPACES_PREFIX}${ns}`,
      value: JSON.stringify({ metadata: { name: ns, labels: namespaceLabels('acme', name, above) } }),
    });
    for (let i = 0; i < PER_TEAM; i++)
      rbac.push({
        key: `/registry/${RBAC}/rolebindings/${ns}/rb-${String(i)}`,
        value: JSON.stringify({
          metadata: { name: `rb-${String(i)}`, namespace: ns },
          roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'developer' },
          subjects: [{ apiGroup: RBAC, kind: 'User', name: `u-${ns}-${String(i)}` }],
        }),
      });
  }

const index = new RbacIndex();
index.reset(rbac, 1);
const tenancy = new Tenancy();
tenancy.tree.reset(namespaces, 1);
const authz = rbacAuthorizer(new RuleResolver(index, tenancy));

const attrs = (user: string, namespace: string): AuthzAttributes => ({
  user: { username: user, groups: ['system:authenticated'] },
  verb: 'create',
  resourceRequest: true,
  group: 'orgplane.io',
  version: 'v1alpha1',
  resource: 'agents',
  subresource: '',
  namespace,
  name: '',
  path: '',
});

function rate(label: string, a: AuthzAttributes, expect: 'allow' | 'noOpinion'): number {
  if (authz.authorize(a).decision !== expect) throw new Error(`${label}: expected ${expect}`);
  let n = 0;
  const until = performance.now() + MS;
  while (performance.now() < until) {
    for (let i = 0; i < 1000; i++) authz.authorize(a);
    n += 1000;
  }
  return Math.round(n / (MS / 1000));
}

const top = `acme-${team(7, 1)}`;
const user = `u-${top}-3`;
const results = {
  teams: BRANCHES * DEPTH,
  bindings: rbac.length - 1,
  depth1: rate('depth 1', attrs(user, top), 'allow'),
  depth2: rate('depth 2', attrs(user, `acme-${team(7, 2)}`), 'allow'),
  [`depth${String(DEPTH)}`]: rate(`depth ${String(DEPTH)}`, attrs(user, `acme-${team(7, DEPTH)}`), 'allow'),
  denied: rate('denied', attrs('nobody', `acme-${team(7, DEPTH)}`), 'noOpinion'),
};
console.log(
  `authorizations/s through the team tree (${String(results.teams)} teams, ${String(results.bindings)} bindings):`,
);
console.log(
  `  depth 1: ${String(results.depth1)}   depth 2: ${String(results.depth2)}   depth ${String(DEPTH)}: ${String(results[`depth${String(DEPTH)}`])}   denied at depth ${String(DEPTH)}: ${String(results.denied)}`,
);
console.log(JSON.stringify(results));
