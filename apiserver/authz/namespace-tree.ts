/**
 * The organizations' namespace trees as the authorizer sees them, kept current from Namespace
 * events: per namespace its organization (label `orgplane.io/organization`, else the namespace
 * itself) and the set of its strict ancestors (labels `<ancestor>.tree.orgplane.io/depth` with a
 * depth above 0), plus the reverse map of descendants. Ancestors are precomputed per namespace, so
 * asking whether a binding's namespace is above a request's costs one set lookup at any depth.
 */
import { KeyedIndex } from './keyed-index.js';
import { objectOr } from '../../api/json.js';
import { NAMESPACES_PREFIX } from '../registry/keys.js';
import { ORGANIZATION_LABEL, TREE_LABEL_SUFFIX } from '../../api/tree.js';

/** Ancestor namespace → depth above `self`, from a namespace's labels (itself excluded). */
export function ancestorsFromLabels(
  self: string,
  labels: Readonly<Record<string, unknown>>,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const [k, v] of Object.entries(labels)) {
    if (!k.endsWith(TREE_LABEL_SUFFIX)) continue;
    const ns = k.slice(0, -TREE_LABEL_SUFFIX.length);
    const depth = typeof v === 'string' && /^[0-9]{1,4}$/.test(v) ? Number(v) : NaN;
    if (ns === self || ns === '' || !(depth > 0)) continue;
    out.set(ns, depth);
  }
  return out;
}

interface NamespaceEntry {
  readonly org: string;
  readonly ancestors: ReadonlySet<string>;
}

const EMPTY: ReadonlySet<string> = new Set();

export class NamespaceTree extends KeyedIndex {
  private readonly entries = new Map<string, NamespaceEntry>();
  private readonly below = new Map<string, Set<string>>();

  protected clear(): void {
    this.entries.clear();
    this.below.clear();
  }

  protected drop(key: string): void {
    this.remove(key.slice(NAMESPACES_PREFIX.length));
  }

  protected put(key: string, value: string): void {
    if (!key.startsWith(NAMESPACES_PREFIX)) return;
    const name = key.slice(NAMESPACES_PREFIX.length);
    let labels: Record<string, unknown> = {};
    try {
      labels = objectOr(objectOr(objectOr(JSON.parse(value)).metadata).labels);
    } catch {
      // a malformed namespace is a namespace without a tree
    }
    this.remove(name);
    const orgLabel = labels[ORGANIZATION_LABEL];
    const org = typeof orgLabel === 'string' && orgLabel !== '' ? orgLabel : name;
    const ancestors = new Set(ancestorsFromLabels(name, labels).keys());
    this.entries.set(name, { org, ancestors });
    for (const a of ancestors) {
      let set = this.below.get(a);
      if (!set) this.below.set(a, (set = new Set()));
      set.add(name);
    }
  }

  private remove(name: string): void {
    const old = this.entries.get(name);
    if (!old) return;
    this.entries.delete(name);
    for (const a of old.ancestors) {
      const set = this.below.get(a);
      set?.delete(name);
      if (set?.size === 0) this.below.delete(a);
    }
  }

  /** The organization a namespace belongs to (its own name when it has no organization label). */
  organizationOf(namespace: string): string {
    return this.entries.get(namespace)?.org ?? namespace;
  }

  /** Whether the tree knows namespace as the root of its organization's tree (no read needed). */
  isOrganizationRoot(namespace: string): boolean {
    const e = this.entries.get(namespace);
    return e !== undefined && e.org === namespace && e.ancestors.size === 0;
  }

  /** The strict ancestors of a namespace (empty outside a tree). */
  ancestors(namespace: string): ReadonlySet<string> {
    return this.entries.get(namespace)?.ancestors ?? EMPTY;
  }

  /** The strict descendants of a namespace. */
  descendants(namespace: string): ReadonlySet<string> {
    return this.below.get(namespace) ?? EMPTY;
  }
}
