/**
 * Who counts as a member (pure): the distinct users the RoleBindings of some namespaces name, as
 * User subjects, as ServiceAccount subjects (by their user names), and through the organization's
 * Group objects their Group subjects name.
 */
import type { KubeObject } from '../../api/meta.js';
import { objectOr } from '../../api/json.js';
import { ORGANIZATION_LABEL, TREE_LABEL_SUFFIX, treeLabel } from '../../api/tree.js';
import type { Lister } from '../runtime/lister.js';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Group name → members, of the Group objects in the organization's namespace. */
export function groupMembers(groups: readonly KubeObject[]): Map<string, readonly string[]> {
  const out = new Map<string, readonly string[]>();
  for (const g of groups) {
    const m = objectOr(g.spec).members;
    out.set(
      g.metadata.name ?? '',
      Array.isArray(m) ? m.filter((x): x is string => typeof x === 'string') : [],
    );
  }
  return out;
}

export function membersOf(
  bindings: readonly KubeObject[],
  groups: ReadonlyMap<string, readonly string[]>,
): Set<string> {
  const users = new Set<string>();
  for (const b of bindings) {
    const subjects: unknown[] = Array.isArray(b.subjects) ? (b.subjects as unknown[]) : [];
    for (const raw of subjects) {
      const s = objectOr(raw);
      const name = str(s.name);
      if (name === '') continue;
      if (s.kind === 'User') users.add(name);
      else if (s.kind === 'Group') for (const m of groups.get(name) ?? []) users.add(m);
      else if (s.kind === 'ServiceAccount') {
        const ns = str(s.namespace) || (b.metadata.namespace ?? '');
        users.add(`system:serviceaccount:${ns}:${name}`);
      }
    }
  }
  return users;
}

/** The namespaces of a subtree: `root` and every namespace labelled as below it. */
export function subtreeNamespaces(namespaces: Lister<KubeObject>, root: string): string[] {
  const label = treeLabel(root);
  const out = new Set([root]);
  for (const ns of namespaces.list())
    if (ns.metadata.labels?.[label] !== undefined) out.add(ns.metadata.name ?? '');
  return [...out];
}

/** The organization a namespace belongs to: its organization label, else (an organization's own) its name. */
export function organizationOf(ns: KubeObject | undefined, name: string): string {
  const label = ns?.metadata.labels?.[ORGANIZATION_LABEL];
  return label !== undefined && label !== '' ? label : name;
}

/** The namespaces of an organization's tree: its own and every namespace labelled with it. */
export function organizationNamespaces(namespaces: Lister<KubeObject>, org: string): string[] {
  const out = new Set([org]);
  for (const ns of namespaces.list())
    if (ns.metadata.labels?.[ORGANIZATION_LABEL] === org) out.add(ns.metadata.name ?? '');
  return [...out];
}

/** The ancestor namespaces of a namespace, from its tree labels (itself excluded). */
export function ancestorNamespaces(ns: KubeObject | undefined): string[] {
  const self = ns?.metadata.name ?? '';
  return Object.keys(ns?.metadata.labels ?? {})
    .filter((k) => k.endsWith(TREE_LABEL_SUFFIX))
    .map((k) => k.slice(0, -TREE_LABEL_SUFFIX.length))
    .filter((n) => n !== self);
}
