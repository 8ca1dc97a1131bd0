/**
 * The pieces AccessReview and WhoCanReview share: the resources a rule is expanded over, a rule
 * turned into the verbs it grants per resource, and the `via` naming the binding behind a rule.
 * A rule's `*` verb stands for kube's eight object verbs; rules with resourceNames stay separate
 * grants (they never allow a verb on every object, as the authorizer judges a list).
 */
import type { Grant, Permission, Via } from '../../api/accessreview.js';
import type { PolicyRule } from '../../api/builtin/rbac.js';
import { ALL, apiGroupMatches, resourceMatches } from './policy.js';
import type { RuleSource } from './rule-resolver.js';

export const OBJECT_VERBS: readonly string[] = [
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
];

/** A resource a permission may name. */
export interface ResourceKey {
  readonly group: string;
  readonly resource: string;
}

/** Why a rule holds in `namespace` ('' = cluster-wide): its binding, role and matched subject. */
export function viaOf(source: RuleSource, namespace: string): Via {
  const b = source.binding;
  const inherited = b.kind === 'RoleBinding' && namespace !== '' && b.namespace !== namespace;
  return {
    kind: b.kind,
    binding: b.name,
    ...(b.kind === 'RoleBinding' ? { namespace: b.namespace } : {}),
    roleKind: b.roleRef.kind,
    role: b.roleRef.name,
    ...(source.subject.kind === 'Group' ? { group: source.subject.name } : {}),
    ...(inherited ? { inheritedFrom: b.namespace } : {}),
  };
}

/** The verbs a rule grants on resources it matches. */
export function verbsOf(rule: PolicyRule): string[] {
  return rule.verbs.includes(ALL) ? [...OBJECT_VERBS] : [...new Set(rule.verbs)];
}

const keyOf = (r: ResourceKey): string => `${r.group}/${r.resource}`;

/** Collects grants per resource, then renders them sorted as Permissions. */
export class PermissionSet {
  private readonly byResource = new Map<string, { key: ResourceKey; grants: Grant[] }>();

  /** Adds what `rule` grants over `resources` through `via`. */
  addRule(rule: PolicyRule, resources: readonly ResourceKey[], via: Via): void {
    const names = rule.resourceNames ?? [];
    for (const r of resources) {
      if (!apiGroupMatches(rule, r.group) || !resourceMatches(rule, r.resource, '')) continue;
      this.add(r, { verbs: verbsOf(rule), ...(names.length > 0 ? { resourceNames: [...names] } : {}), via });
    }
  }

  add(r: ResourceKey, grant: Grant): void {
    let entry = this.byResource.get(keyOf(r));
    if (!entry) this.byResource.set(keyOf(r), (entry = { key: r, grants: [] }));
    entry.grants.push(grant);
  }

  get size(): number {
    return this.byResource.size;
  }

  permissions(): Permission[] {
    return [...this.byResource.values()]
      .sort((a, b) => keyOf(a.key).localeCompare(keyOf(b.key)))
      .map(({ key, grants }) => {
        const verbs = new Set(grants.filter((g) => g.resourceNames === undefined).flatMap((g) => g.verbs));
        return {
          group: key.group,
          resource: key.resource,
          verbs: OBJECT_VERBS.filter((v) => verbs.has(v)).concat(
            [...verbs].filter((v) => !OBJECT_VERBS.includes(v)).sort(),
          ),
          grants,
        };
      });
  }
}
