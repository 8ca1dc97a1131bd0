/**
 * The in-memory RBAC index the authorizer answers from: every Role, ClusterRole, RoleBinding and
 * ClusterRoleBinding, kept current from storage events (rbac-sync.ts), so authorizing a request
 * reads no storage. RoleBindings are also indexed by subject, for the namespaces a user is bound in.
 * ClusterRoles with an aggregationRule take the rules of every other ClusterRole their selectors
 * match (transitively), as kube's aggregation controller would write them.
 */
import { KeyedIndex } from './keyed-index.js';
import type { PolicyRule, Subject } from '../../api/builtin/rbac.js';
import type { UserInfo } from '../../api/user.js';
import { matchesLabels } from '../selectors/index.js';
import { SERVICE_ACCOUNT_PREFIX } from './policy.js';
import { entryOf, parseRbacKey, type BindingEntry, type RoleEntry } from './rbac-objects.js';

const subjectKey = (kind: string, ...parts: string[]): string => [kind, ...parts].join('\u0000');

/** The index keys of a binding subject (ServiceAccount namespace defaults to the binding's). */
function keyOfSubject(s: Subject, bindingNamespace: string): string | undefined {
  if (s.kind === 'User' || s.kind === 'Group') return subjectKey(s.kind, s.name);
  if (s.kind !== 'ServiceAccount') return undefined;
  const ns = s.namespace !== undefined && s.namespace !== '' ? s.namespace : bindingNamespace;
  return ns === '' ? undefined : subjectKey('ServiceAccount', ns, s.name);
}

/** Every subject key that names this user. */
export function keysOfUser(user: UserInfo): string[] {
  const keys = [subjectKey('User', user.username), ...user.groups.map((g) => subjectKey('Group', g))];
  if (user.username.startsWith(SERVICE_ACCOUNT_PREFIX)) {
    const [ns, name, ...rest] = user.username.slice(SERVICE_ACCOUNT_PREFIX.length).split(':');
    if (ns && name && rest.length === 0) keys.push(subjectKey('ServiceAccount', ns, name));
  }
  return keys;
}

export class RbacIndex extends KeyedIndex {
  private readonly roles = new Map<string, RoleEntry>();
  private readonly clusterRoles = new Map<string, RoleEntry>();
  private readonly roleBindings = new Map<string, Map<string, BindingEntry>>();
  private readonly clusterRoleBindings = new Map<string, BindingEntry>();
  private readonly bySubject = new Map<string, Set<BindingEntry>>();
  private readonly aggregated = new Map<string, readonly PolicyRule[]>();

  protected clear(): void {
    this.roles.clear();
    this.clusterRoles.clear();
    this.roleBindings.clear();
    this.clusterRoleBindings.clear();
    this.bySubject.clear();
    this.aggregated.clear();
  }

  protected drop(key: string): void {
    this.remove(key);
  }

  put(key: string, value: string): void {
    const where = parseRbacKey(key);
    if (!where) return;
    this.remove(key);
    const entry = entryOf(where.plural, where.namespace, value);
    if (!entry) return;
    switch (entry.kind) {
      case 'Role':
        this.roles.set(`${entry.namespace}/${entry.name}`, entry);
        return;
      case 'ClusterRole':
        this.clusterRoles.set(entry.name, entry);
        this.aggregated.clear();
        return;
      case 'ClusterRoleBinding':
        this.clusterRoleBindings.set(entry.name, entry);
        return;
      case 'RoleBinding':
        this.addRoleBinding(entry);
    }
  }

  remove(key: string): void {
    const where = parseRbacKey(key);
    if (!where) return;
    const { plural, namespace, name } = where;
    if (plural === 'roles') this.roles.delete(`${namespace}/${name}`);
    else if (plural === 'clusterrolebindings') this.clusterRoleBindings.delete(name);
    else if (plural === 'clusterroles') {
      if (this.clusterRoles.delete(name)) this.aggregated.clear();
    } else this.removeRoleBinding(namespace, name);
  }

  private addRoleBinding(b: BindingEntry): void {
    let inNs = this.roleBindings.get(b.namespace);
    if (!inNs) this.roleBindings.set(b.namespace, (inNs = new Map<string, BindingEntry>()));
    inNs.set(b.name, b);
    for (const s of b.subjects) {
      const k = keyOfSubject(s, b.namespace);
      if (k === undefined) continue;
      let set = this.bySubject.get(k);
      if (!set) this.bySubject.set(k, (set = new Set()));
      set.add(b);
    }
  }

  private removeRoleBinding(namespace: string, name: string): void {
    const inNs = this.roleBindings.get(namespace);
    const b = inNs?.get(name);
    if (!inNs || !b) return;
    inNs.delete(name);
    if (inNs.size === 0) this.roleBindings.delete(namespace);
    for (const s of b.subjects) {
      const k = keyOfSubject(s, b.namespace);
      const set = k === undefined ? undefined : this.bySubject.get(k);
      if (!k || !set) continue;
      set.delete(b);
      if (set.size === 0) this.bySubject.delete(k);
    }
  }

  role(namespace: string, name: string): RoleEntry | undefined {
    return this.roles.get(`${namespace}/${name}`);
  }

  clusterRole(name: string): RoleEntry | undefined {
    return this.clusterRoles.get(name);
  }

  /** A ClusterRole's effective rules (aggregated when it has an aggregationRule); undefined when absent. */
  clusterRoleRules(name: string): readonly PolicyRule[] | undefined {
    const role = this.clusterRoles.get(name);
    if (!role) return undefined;
    if (!role.aggregation) return role.rules;
    let rules = this.aggregated.get(name);
    if (!rules) {
      rules = this.aggregate(role, new Set());
      this.aggregated.set(name, rules);
    }
    return rules;
  }

  /** The effective rules of a role that may not be in the index yet (aggregated over the index). */
  rulesOf(role: RoleEntry): readonly PolicyRule[] {
    return role.aggregation ? this.aggregate(role, new Set()) : role.rules;
  }

  private aggregate(role: RoleEntry, visiting: Set<string>): readonly PolicyRule[] {
    if (!role.aggregation) return role.rules;
    if (visiting.has(role.name)) return [];
    visiting.add(role.name);
    const out: PolicyRule[] = [];
    const seen = new Set<string>();
    const names = [...this.clusterRoles.keys()].sort();
    for (const n of names) {
      const other = this.clusterRoles.get(n);
      if (!other || n === role.name || !role.aggregation.some((sel) => matchesLabels(sel, other.labels)))
        continue;
      for (const r of this.aggregate(other, visiting)) {
        const k = JSON.stringify(r);
        if (!seen.has(k)) out.push(r);
        seen.add(k);
      }
    }
    visiting.delete(role.name);
    return out;
  }

  allClusterRoleBindings(): Iterable<BindingEntry> {
    return this.clusterRoleBindings.values();
  }

  roleBindingsIn(namespace: string): Iterable<BindingEntry> {
    return this.roleBindings.get(namespace)?.values() ?? [];
  }

  /** RoleBindings (any namespace) with a subject `{kind: Group, name}`. */
  roleBindingsNamingGroup(name: string): ReadonlySet<BindingEntry> {
    return this.bySubject.get(subjectKey('Group', name)) ?? new Set();
  }

  /** RoleBindings (any namespace) with a subject naming this user or one of its groups. */
  roleBindingsNaming(user: UserInfo): Set<BindingEntry> {
    const out = new Set<BindingEntry>();
    for (const k of keysOfUser(user)) for (const b of this.bySubject.get(k) ?? []) out.add(b);
    return out;
  }
}
