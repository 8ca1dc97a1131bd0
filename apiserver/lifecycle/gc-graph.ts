/**
 * The garbage collector's dependency graph: per object only what the collector decides on (where
 * it is, its owners, finalizers, deletion mark and resourceVersion), never the object itself, plus
 * an index owner uid → dependents. Of an object with no owners, no finalizers and no deletion mark
 * (most of them: agents, events, audit records), which the collector never acts on, it keeps at
 * most that it exists, and only once an event showed it while something depended on it (a resync
 * need not decode it at all). `observe`, `forget` and `resync` return the uids to look at; a
 * dependent whose owner the graph does not know is looked at, and the collector reads the owner.
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

/** Keys without which a stored text has no owners, finalizers or deletion mark. */
const MARKS = ['"ownerReferences"', '"finalizers"', '"deletionTimestamp"'];

/** Whether a stored JSON text may have owners, finalizers or a deletion mark (no decoding). */
export function mayBeInvolved(text: string): boolean {
  return MARKS.some((m) => text.includes(m));
}

/** Where a `"uid":"..."` member starts (metadata.uid is one of them; UIDs need no escapes). */
const UID_MEMBER = '"uid":"';

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
  /** owners seen that the collector never acts on: uid → the uid set of its kind (byKind's) */
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

  /** Whether the graph knows an object with this uid exists (see the class comment). */
  has(uid: string): boolean {
    return this.nodes.has(uid) || this.plain.has(uid);
  }

  dependentsOf(uid: string): GcNode[] {
    return [...(this.dependents.get(uid) ?? [])].map((d) => this.nodes.get(d)).filter((n) => n !== undefined);
  }

  /**
   * Whether an event of this stored text can change the graph or what the collector looks at:
   * false only for an object with no owners, finalizers or deletion mark that the graph holds
   * nothing of (no node, and no dependent names it), for which observe and forget do nothing.
   * Reads the text without decoding it; a text it cannot read this way counts as concerning.
   */
  concerns(text: string): boolean {
    if (mayBeInvolved(text)) return true;
    let any = false;
    // indexOf, not a global regex: this runs on every event the server stores
    for (let at = text.indexOf(UID_MEMBER); at >= 0; at = text.indexOf(UID_MEMBER, at + 1)) {
      const from = at + UID_MEMBER.length;
      const end = text.indexOf('"', from);
      if (end < 0) break;
      const uid = text.slice(from, end);
      if (uid.includes('\\')) continue;
      any = true;
      if (this.has(uid) || this.dependents.has(uid)) return true;
      at = end;
    }
    return !any;
  }

  /** An object stored (added or modified). */
  observe(kind: Kind, obj: KubeObject): string[] {
    const uid = obj.metadata.uid;
    if (uid === undefined) return [];
    this.untrack(uid);
    if (!involved(obj.metadata)) {
      if ((this.dependents.get(uid)?.size ?? 0) > 0) this.known(kind, uid);
      return [];
    }
    const node = nodeOf(kind, obj, uid);
    this.nodes.set(uid, node);
    this.kindSet(kind).add(uid);
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

  /** An object the collector never acts on, seen to exist by an event while something depends on it. */
  private known(kind: Kind, uid: string): void {
    if (this.nodes.has(uid)) return;
    const kinds = this.kindSet(kind);
    kinds.add(uid);
    this.plain.set(uid, kinds);
  }

  /** Drops what the graph holds of uid (not the dependents index); the node it held, if any. */
  private untrack(uid: string): GcNode | undefined {
    this.plain.get(uid)?.delete(uid);
    this.plain.delete(uid);
    const node = this.nodes.get(uid);
    if (!node) return undefined;
    this.nodes.delete(uid);
    this.kindSet(node).delete(uid);
    for (const o of node.owners) this.dependents.get(o.uid)?.delete(uid);
    return node;
  }

  /** A deleted object: its dependents may now be orphans, its owners may be waiting for it. */
  forget(uid: string): string[] {
    const node = this.untrack(uid);
    const look: string[] = [];
    for (const o of node?.owners ?? []) {
      if (this.dependents.get(o.uid)?.size === 0) this.dependents.delete(o.uid);
      // an owner deleting in the foreground may have been waiting for this dependent
      if (this.nodes.get(o.uid)?.deleting === true) look.push(o.uid);
    }
    look.push(...(this.dependents.get(uid) ?? []));
    return look;
  }

  /**
   * The whole current state of one kind (iterated once): what the graph holds of the kind and is
   * not in `items` is forgotten. An item may be undefined: an object the collector cannot act on,
   * left undecoded (what the graph knew of it is forgotten, and its dependents looked at).
   */
  resync(kind: Kind, items: Iterable<KubeObject | undefined>): string[] {
    const seen = new Set<string>();
    const look: string[] = [];
    for (const o of items) if (o) this.listed(kind, o, seen, look);
    return this.forgetUnseen(kind, seen, look);
  }

  /**
   * resync, giving the event loop back every `slice` objects, so a kind of 100,000 objects never
   * holds the server's thread for a second (requests arriving meanwhile are served). The caller
   * must not apply events of this kind until it resolves.
   */
  async resyncGradually(kind: Kind, items: Iterable<KubeObject | undefined>, slice = 500): Promise<string[]> {
    const seen = new Set<string>();
    const look: string[] = [];
    let n = 0;
    for (const o of items) {
      if (o) this.listed(kind, o, seen, look);
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
