/**
 * OrganizationGroup: a Group lives in its Organization's namespace (422 on metadata.namespace
 * otherwise), and changing its members is guarded like a RoleBinding's subjects (kube's escalation
 * rule): for every RoleBinding of the organization's tree that names the group, the writer must
 * hold the rules it grants in that binding's namespace (inherited rules included) or have `bind`
 * on its role there. system:masters bypasses.
 */
import { objectOr } from '../../api/json.js';
import type { KubeObject } from '../../api/meta.js';
import { bindAuthorized, escalationMessage } from '../authz/escalation.js';
import { MASTERS_GROUP } from '../authz/masters.js';
import type { RuleResolver } from '../authz/rule-resolver.js';
import type { Authorizer } from '../authz/types.js';
import { forbidden, invalid } from '../errors/status.js';
import { objectKey } from '../registry/keys.js';
import type { Storage } from '../storage/interface.js';
import { invalid as invalidField } from '../validation/field.js';
import type { AdmissionPlugin, Attributes } from '../admission/types.js';

export interface GroupDeps {
  readonly storage: Storage;
  readonly resolver: RuleResolver;
  readonly authorizer: Authorizer;
}

const ORGANIZATIONS = { group: 'orgplane.io', plural: 'organizations', namespaced: false } as const;

const membersOf = (obj: KubeObject | undefined): string[] => {
  const m = objectOr(obj?.spec).members;
  return Array.isArray(m) ? m.filter((x): x is string => typeof x === 'string').sort() : [];
};

async function checkEscalation(deps: GroupDeps, a: Attributes): Promise<void> {
  const org = a.namespace;
  const { resolver } = deps;
  const tree = resolver.tenancy.tree;
  for (const b of resolver.index.roleBindingsNamingGroup(a.name)) {
    if (tree.organizationOf(b.namespace) !== org) continue;
    const rules = resolver.roleRefRules(b.roleRef, b.namespace);
    if ('error' in rules) continue;
    if (escalationMessage(resolver, a.user, b.namespace, rules) === undefined) continue;
    if (await bindAuthorized(deps.authorizer, a.user, b.roleRef, b.namespace)) continue;
    const msg = escalationMessage(resolver, a.user, b.namespace, rules) ?? '';
    throw forbidden(
      { group: 'orgplane.io', resource: 'groups' },
      a.name,
      `changing its members grants RoleBinding ${JSON.stringify(`${b.name}/${b.namespace}`)}: ${msg}`,
    );
  }
}

export function organizationGroup(deps: GroupDeps): AdmissionPlugin {
  return {
    name: 'OrganizationGroup',
    handles: (a: Attributes) =>
      a.resource.group === 'orgplane.io' &&
      a.resource.plural === 'groups' &&
      (a.operation === 'CREATE' || a.operation === 'UPDATE') &&
      a.subresource === '',
    async validate(a: Attributes): Promise<void> {
      if (a.operation === 'CREATE' && !(await deps.storage.get(objectKey(ORGANIZATIONS, '', a.namespace)))) {
        const cause = invalidField(
          'metadata.namespace',
          a.namespace,
          'groups live in the namespace of their Organization',
        );
        throw invalid({ group: 'orgplane.io', kind: 'Group' }, a.name, [cause]);
      }
      if (a.user.groups.includes(MASTERS_GROUP)) return;
      const before = membersOf(a.oldObject).join('\n');
      const after = membersOf(a.object).join('\n');
      if (before !== after) await checkEscalation(deps, a);
    },
  };
}
