/**
 * kube's DefaultRuleResolver over the in-memory index: which rules a user holds in a namespace
 * (every ClusterRoleBinding naming the user, the RoleBindings of that namespace, and the inheriting
 * RoleBindings of its ancestor namespaces in an organization's tree), visited with the binding
 * that grants each, and the rules a roleRef points at. RoleBindings match the user with the Group
 * objects of the namespace's organization that list it; ClusterRoleBindings never do. SSO
 * membership (sso-index.ts) counts as one more inheriting binding in the organization's namespace.
 */
import type { PolicyRule, RoleRef, Subject } from '../../api/builtin/rbac.js';
import type { UserInfo } from '../../api/user.js';
import { appliesTo, describeSubject } from './policy.js';
import type { RbacIndex } from './rbac-index.js';
import type { BindingEntry } from './rbac-objects.js';
import { Tenancy } from './tenancy.js';

export interface RuleSource {
  readonly binding: BindingEntry;
  readonly subject: Subject;
}

/** Called per rule (or per resolution error); return false to stop visiting. */
export type RuleVisitor = (
  source: RuleSource | undefined,
  rule: PolicyRule | undefined,
  err?: string,
) => boolean;

/** kube's describer: `RoleBinding "x/ns" of ClusterRole "y" to User "z"`. */
export function describeSource(s: RuleSource): string {
  const b = s.binding;
  const name = b.kind === 'RoleBinding' ? `${b.name}/${b.namespace}` : b.name;
  return `${b.kind} ${JSON.stringify(name)} of ${b.roleRef.kind} ${JSON.stringify(b.roleRef.name)} to ${describeSubject(s.subject, b.namespace)}`;
}

/** kube's utilerrors aggregate text: one message as is, several deduplicated in brackets. */
export function aggregateErrors(errors: readonly string[]): string {
  const unique = [...new Set(errors)];
  return unique.length === 1 ? (unique[0] ?? '') : `[${unique.join(', ')}]`;
}

export class RuleResolver {
  constructor(
    readonly index: RbacIndex,
    readonly tenancy: Tenancy = new Tenancy(),
  ) {}

  /** The rules a roleRef grants in bindingNamespace, or kube's error text when it names no role. */
  roleRefRules(ref: RoleRef, bindingNamespace: string): readonly PolicyRule[] | { error: string } {
    if (ref.kind === 'Role') {
      const role = this.index.role(bindingNamespace, ref.name);
      return role
        ? role.rules
        : { error: `role.rbac.authorization.k8s.io ${JSON.stringify(ref.name)} not found` };
    }
    if (ref.kind === 'ClusterRole') {
      const rules = this.index.clusterRoleRules(ref.name);
      return (
        rules ?? { error: `clusterrole.rbac.authorization.k8s.io ${JSON.stringify(ref.name)} not found` }
      );
    }
    return { error: `unsupported role reference kind: ${JSON.stringify(ref.kind)}` };
  }

  /**
   * Visit the user's rules: cluster-wide first, then (when namespace is set) that namespace's, then
   * those inherited from its ancestors. Inherited bindings are found through the user's own
   * bindings (by subject) and the namespace's precomputed ancestor set, so the cost does not grow
   * with the depth of the tree.
   */
  visitRulesFor(user: UserInfo, namespace: string, visitor: RuleVisitor): void {
    if (!this.visitBindings(user, this.index.allClusterRoleBindings(), '', visitor)) return;
    if (namespace === '') return;
    const member = this.tenancy.memberIn(user, namespace);
    if (!this.visitBindings(member, this.index.roleBindingsIn(namespace), namespace, visitor)) return;
    for (const b of this.inheritedBindings(member, namespace))
      if (!this.visitBindings(member, [b], b.namespace, visitor)) return;
    const sso = this.tenancy.sso.bindingFor(user, this.tenancy.tree.organizationOf(namespace));
    if (sso) this.visitBindings(user, [sso], sso.namespace, visitor);
  }

  /** The user's inheriting RoleBindings in strict ancestors of namespace. */
  inheritedBindings(member: UserInfo, namespace: string): BindingEntry[] {
    const ancestors = this.tenancy.tree.ancestors(namespace);
    if (ancestors.size === 0) return [];
    return [...this.index.roleBindingsNaming(member)].filter((b) => b.inherit && ancestors.has(b.namespace));
  }

  private visitBindings(
    user: UserInfo,
    bindings: Iterable<BindingEntry>,
    ns: string,
    visitor: RuleVisitor,
  ): boolean {
    for (const binding of bindings) {
      const subject = binding.subjects.find((s) => appliesTo(user, s, ns));
      if (!subject) continue;
      const rules = this.roleRefRules(binding.roleRef, ns);
      if ('error' in rules) {
        if (!visitor(undefined, undefined, rules.error)) return false;
        continue;
      }
      for (const rule of rules) if (!visitor({ binding, subject }, rule)) return false;
    }
    return true;
  }

  /** Every rule the user holds in namespace ('' = cluster-wide only), and resolution errors. */
  rulesFor(user: UserInfo, namespace: string): { rules: PolicyRule[]; errors: string[] } {
    const rules: PolicyRule[] = [];
    const errors: string[] = [];
    this.visitRulesFor(user, namespace, (_source, rule, err) => {
      if (err !== undefined) errors.push(err);
      if (rule) rules.push(rule);
      return true;
    });
    return { rules, errors };
  }
}
