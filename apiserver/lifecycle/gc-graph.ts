/**
 * The garbage collector's dependency graph: per object only what the collector decides on (where
 * it is, its owners, finalizers, deletion mark and resourceVersion), never the object itself, plus
 * an index owner uid → dependents. An object with no owners, no finalizers and no deletion mark
 * (most of them: agents, events, audit records) is one the collector never acts on: of it the graph
 * keeps only that it exists, for the owner checks of its dependents. `observe`, `forget` and
 * `resync` return the uids to look at.
 */
import type { KubeObject, OwnerReference } from '../../api/meta.js';

export interface GcNode {
  readonly group: string;
  readonly plural: string;
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  readonly resourceVersion: string | undefined;
  readonly owners: readonly OwnerReference[];
  readonly finalizers: readonly string[];
  readonly deleting: boolean;
}

export interface Kind {
  readonly group: string;
  readonly plural: string;
}

/** Whether the collector may act on an object: it has owners, finalizers or a deletion mark. */
function involved(m: KubeObject['metadata']): boolean {
  return (
    (m.ownerReferences?.length ?? 0) > 0 ||
    (m.finalizers?.length ?? 0) > 0 ||
    m.deletionTimestamp !== undefined
  );
}

/** Every node has one shape (a spread of `kind` here gave each node a hidden class of its own). */
function nodeOf(kind: Kind, obj: KubeObject, uid: string): GcNode {
  const m = obj.metadata;
  return {
    group: kind.group,
    plural: kind.plural,
    namespace: m.namespace ?? '',
    name: m.name ?? '',
    uid,
    resourceVersion: m.resourceVersion,
    owners: (m.ownerReferences ?? []).map((o) => ({ ...o })),
    finalizers: [...(m.finalizers ?? [])],
    deleting: m.deletionTimestamp !== undefined,
  };
}

export class GcGraph {
  /** the objects the collector may act on */
  private readonly nodes = new Map<string, GcNode>();
  /** the others: uid → the uid set of its kind (byKind's), all that is kept of them */
  private readonly plain = new Map<string, Set<string>>();
  private readonly dependents = new Map<string, Set<string>>();
  /** kind (group/plural) → uids of its objects, so a resync of one kind never walks the others */
  private readonly byKind = new Map<string, Set<string>>();

  private kindSet(kind: Kind): Set<string> {
    const key = `${kind.group}/${kind.plural}`;
    let set = this.byKind.get(key);
    if (!set) this.byKind.set(key, (set = new Set()));
    return set;
  }

  /** The node of an object the collector may act on (undefined for one it never acts on). */
  get(uid: string): GcNode | undefined {
    return this.nodes.get(uid);
  }

  /** Whether an object with this uid exists (as far as the graph has seen). */
  has(uid: string): boolean {
    return this.nodes.has(uid) || this.plain.has(uid);
  }

  dependentsOf(uid: string): GcNode[] {
    return [...(this.dependents.get(uid) ?? [])].map((d) => this.nodes.get(d)).filter((n) => n !== undefined);
  }

  /** An object stored (added or modified). */
  observe(kind: Kind, obj: KubeObject): string[] {
    const uid = obj.metadata.uid;
    if (uid === undefined) return [];
    const before = this.nodes.get(uid);
    for (const o of before?.owners ?? []) this.dependents.get(o.uid)?.delete(uid);
    const kinds = this.kindSet(kind);
    kinds.add(uid);
    if (!involved(obj.metadata)) {
      this.nodes.delete(uid);
      this.plain.set(uid, kinds);
      return [];
    }
    this.plain.delete(uid);
    const node = nodeOf(kind, obj, uid);
    this.nodes.set(uid, node);
    const look: string[] = [];
    for (const o of node.owners) {
      let set = this.dependents.get(o.uid);
      if (!set) this.dependents.set(o.uid, (set = new Set()));
      set.add(uid);
      if (!this.has(o.uid)) look.push(uid);
    }
    if (
      node.deleting &&
      (node.finalizers.includes('foregroundDeletion') || node.finalizers.includes('orphan'))
    )
      look.push(uid);
    return look;
  }

  /** A deleted object: its dependents may now be orphans, its owners may be waiting for it. */
  forget(uid: string): string[] {
    const kinds = this.plain.get(uid);
    if (kinds) {
      this.plain.delete(uid);
      kinds.delete(uid);
      return [...(this.dependents.get(uid) ?? [])];
    }
    const node = this.nodes.get(uid);
    if (!node) return [];
    this.nodes.delete(uid);
    this.kindSet(node).delete(uid);
    const look: string[] = [];
    for (const o of node.owners) {
      this.dependents.get(o.uid)?.delete(uid);
      if (this.dependents.get(o.uid)?.size === 0) this.dependents.delete(o.uid);
      // an owner deleting in the foreground may have been waiting for this dependent
      if (this.nodes.get(o.uid)?.deleting === true) look.push(o.uid);
    }
    look.push(...(this.dependents.get(uid) ?? []));
    return look;
  }

  /** The whole current state of one kind (iterated once): objects not in `items` are forgotten. */
  resync(kind: Kind, items: Iterable<KubeObject>): string[] {
    const seen = new Set<string>();
    const look: string[] = [];
    for (const o of items) this.listed(kind, o, seen, look);
    return this.forgetUnseen(kind, seen, look);
  }

  /**
   * resync, giving the event loop back every `slice` objects, so a kind of 100,000 objects never
   * holds the server's thread for a second (requests arriving meanwhile are served). The caller
   * must not apply events of this kind until it resolves.
   */
  async resyncGradually(kind: Kind, items: Iterable<KubeObject>, slice = 500): Promise<string[]> {
    const seen = new Set<string>();
    const look: string[] = [];
    let n = 0;
    for (const o of items) {
      this.listed(kind, o, seen, look);
      if (++n % slice === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return this.forgetUnseen(kind, seen, look);
  }

  private listed(kind: Kind, o: KubeObject, seen: Set<string>, look: string[]): void {
    if (o.metadata.uid !== undefined) seen.add(o.metadata.uid);
    look.push(...this.observe(kind, o));
  }

  private forgetUnseen(kind: Kind, seen: ReadonlySet<string>, look: string[]): string[] {
    for (const uid of [...this.kindSet(kind)]) if (!seen.has(uid)) look.push(...this.forget(uid));
    return look;
  }

  /** Forget every object of a kind no longer served. */
  drop(kind: Kind): string[] {
    return this.resync(kind, []);
  }
}
