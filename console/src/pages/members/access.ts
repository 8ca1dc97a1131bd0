/**
 * Who has which role where, and why, from the organization's RoleBindings, Groups and Teams, as the
 * authorizer evaluates them (DESIGN.md "Inside an organization"): a binding in a namespace grants
 * its role there and in every descendant team namespace (unless annotated orgplane.io/inherit:
 * "false"), and a Group subject grants it to each member of the organization's Group of that name.
 */
import type { Group, RoleBinding, Subject, Team } from './types';

export const INHERIT_ANNOTATION = 'orgplane.io/inherit';

/** namespace → its parent namespace ('' for the organization's own). */
export type NamespaceTree = ReadonlyMap<string, string>;

export function namespaceTree(org: string, teams: readonly Team[]): NamespaceTree {
  const nsOf = new Map(
    teams.map((t) => [t.metadata.name, t.status?.namespace ?? `${org}-${t.metadata.name}`]),
  );
  const tree = new Map<string, string>([[org, '']]);
  for (const t of teams) {
    const parent = t.spec?.parent;
    tree.set(nsOf.get(t.metadata.name) ?? '', parent !== undefined ? (nsOf.get(parent) ?? org) : org);
  }
  return tree;
}

/** `ns` and every namespace below it, `ns` first, then sorted. */
export function subtree(tree: NamespaceTree, ns: string): string[] {
  const below = [...tree.keys()].filter((n) => n !== ns && isBelow(tree, n, ns)).sort();
  return [ns, ...below];
}

function isBelow(tree: NamespaceTree, n: string, ancestor: string): boolean {
  const seen = new Set<string>();
  for (let p = tree.get(n); p !== undefined && p !== '' && !seen.has(p); p = tree.get(p)) {
    if (p === ancestor) return true;
    seen.add(p);
  }
  return false;
}

export interface AccessRow {
  /** User, ServiceAccount, or Group (a group subject with no Group object of that name) */
  readonly kind: string;
  readonly member: string;
  readonly role: string;
  /** where the role applies */
  readonly namespace: string;
  readonly reason: string;
  /** the binding granting it */
  readonly binding: { readonly namespace: string; readonly name: string };
  readonly group?: string;
}

const subjectName = (s: Subject): string =>
  s.kind === 'ServiceAccount' && s.namespace ? `${s.namespace}:${s.name}` : s.name;

interface Holder {
  readonly kind: string;
  readonly member: string;
  readonly group: string | undefined;
}

/** Who a subject stands for: a Group object's members, else the subject itself. */
function holders(s: Subject, groups: ReadonlyMap<string, readonly string[]>): Holder[] {
  const members = s.kind === 'Group' ? groups.get(s.name) : undefined;
  if (members === undefined) return [{ kind: s.kind, member: subjectName(s), group: undefined }];
  return members.map((m) => ({ kind: 'User', member: m, group: s.name }));
}

/** Every (member, role, namespace) the bindings grant, with its reason; sorted by member, namespace. */
export function accessRows(
  tree: NamespaceTree,
  bindings: readonly RoleBinding[],
  groups: readonly Group[],
): AccessRow[] {
  const members = new Map(groups.map((g) => [g.metadata.name, g.spec?.members ?? []]));
  const rows: AccessRow[] = [];
  for (const b of bindings) {
    const home = b.metadata.namespace ?? '';
    if (!tree.has(home)) continue;
    const inherit = b.metadata.annotations?.[INHERIT_ANNOTATION] !== 'false';
    const where = inherit ? subtree(tree, home) : [home];
    const binding = { namespace: home, name: b.metadata.name };
    for (const s of b.subjects ?? []) {
      const who = holders(s, members);
      for (const w of who)
        for (const ns of where) {
          const how = ns === home ? `direct in ${home}` : `inherited from ${home}`;
          rows.push({
            kind: w.kind,
            member: w.member,
            role: `${b.roleRef.kind === 'Role' ? 'Role ' : ''}${b.roleRef.name}`,
            namespace: ns,
            reason: w.group !== undefined ? `via group ${w.group}, ${how}` : how,
            binding,
            ...(w.group !== undefined ? { group: w.group } : {}),
          });
        }
    }
  }
  return rows.sort(
    (a, b) =>
      a.member.localeCompare(b.member) ||
      a.namespace.localeCompare(b.namespace) ||
      a.role.localeCompare(b.role) ||
      a.reason.localeCompare(b.reason),
  );
}
