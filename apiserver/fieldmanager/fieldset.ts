/**
 * FieldSet: a set of field paths as structured-merge-diff keeps it. A path is a list of serialized
 * path elements ('f:spec', 'k:{"name":"a"}', 'v:"x"', 'i:0'). Each node holds the elements that are
 * members at this level and the child nodes below them; an element can be both a member and have
 * children (FieldsV1 writes that as `".": {}`). Sets are treated as immutable values; operations
 * return new sets and never keep empty child nodes.
 */
import { compareElements } from './pathelement.js';

export interface FieldSet {
  readonly members: ReadonlySet<string>;
  readonly children: ReadonlyMap<string, FieldSet>;
}

export type FieldPath = readonly string[];

export const EMPTY: FieldSet = { members: new Set(), children: new Map() };

export function isEmpty(s: FieldSet): boolean {
  return s.members.size === 0 && s.children.size === 0;
}

function make(members: Set<string>, children: Map<string, FieldSet>): FieldSet {
  return members.size === 0 && children.size === 0 ? EMPTY : { members, children };
}

/** A mutable builder for sets produced by a walk. */
export class FieldSetBuilder {
  private readonly members = new Set<string>();
  private readonly children = new Map<string, FieldSetBuilder>();

  insert(path: FieldPath, from = 0): void {
    const pe = path[from];
    if (pe === undefined) return;
    if (from === path.length - 1) {
      this.members.add(pe);
      return;
    }
    let child = this.children.get(pe);
    if (!child) this.children.set(pe, (child = new FieldSetBuilder()));
    child.insert(path, from + 1);
  }

  child(pe: string): FieldSetBuilder {
    let child = this.children.get(pe);
    if (!child) this.children.set(pe, (child = new FieldSetBuilder()));
    return child;
  }

  addMember(pe: string): void {
    this.members.add(pe);
  }

  build(): FieldSet {
    const children = new Map<string, FieldSet>();
    for (const [pe, b] of this.children) {
      const s = b.build();
      if (!isEmpty(s)) children.set(pe, s);
    }
    return make(new Set(this.members), children);
  }
}

export function fromPaths(paths: readonly FieldPath[]): FieldSet {
  const b = new FieldSetBuilder();
  for (const p of paths) b.insert(p);
  return b.build();
}

export function union(a: FieldSet, b: FieldSet): FieldSet {
  if (isEmpty(a)) return b;
  if (isEmpty(b)) return a;
  const members = new Set([...a.members, ...b.members]);
  const children = new Map(a.children);
  for (const [pe, bc] of b.children) {
    const ac = children.get(pe);
    children.set(pe, ac ? union(ac, bc) : bc);
  }
  return make(members, children);
}

/** Members of `a` not members of `b` (children compared node by node). */
export function difference(a: FieldSet, b: FieldSet): FieldSet {
  if (isEmpty(a) || isEmpty(b)) return a;
  const members = new Set([...a.members].filter((pe) => !b.members.has(pe)));
  const children = new Map<string, FieldSet>();
  for (const [pe, ac] of a.children) {
    const bc = b.children.get(pe);
    const d = bc ? difference(ac, bc) : ac;
    if (!isEmpty(d)) children.set(pe, d);
  }
  return make(members, children);
}

export function intersection(a: FieldSet, b: FieldSet): FieldSet {
  if (isEmpty(a) || isEmpty(b)) return EMPTY;
  const members = new Set([...a.members].filter((pe) => b.members.has(pe)));
  const children = new Map<string, FieldSet>();
  for (const [pe, ac] of a.children) {
    const bc = b.children.get(pe);
    const i = bc ? intersection(ac, bc) : EMPTY;
    if (!isEmpty(i)) children.set(pe, i);
  }
  return make(members, children);
}

export function equals(a: FieldSet, b: FieldSet): boolean {
  if (a.members.size !== b.members.size || a.children.size !== b.children.size) return false;
  for (const pe of a.members) if (!b.members.has(pe)) return false;
  for (const [pe, ac] of a.children) {
    const bc = b.children.get(pe);
    if (!bc || !equals(ac, bc)) return false;
  }
  return true;
}

/** Every member path, members of a level before its children, each level in path-element order. */
export function paths(s: FieldSet, prefix: FieldPath = []): FieldPath[] {
  const out: FieldPath[] = [...s.members].sort(compareElements).map((pe) => [...prefix, pe]);
  const kids = [...s.children.keys()].sort(compareElements);
  for (const pe of kids) {
    const c = s.children.get(pe);
    if (c) out.push(...paths(c, [...prefix, pe]));
  }
  return out;
}
