/**
 * Compare two versions of a value as structured-merge-diff does: leaves (scalars, atomic values,
 * and containers that are empty on both sides) are added, removed or modified; a granular map or
 * list present on one side only is itself added or removed, along with everything in it.
 */
import { FieldSetBuilder, type FieldSet } from './fieldset.js';
import { jsonEqual, getOwn, isObject, type JsonObject } from '../../api/json.js';
import { fieldPE } from './pathelement.js';
import { indexList, resolve, type Atom, type TypeRef } from './schema.js';

export interface Comparison {
  readonly added: FieldSet;
  readonly modified: FieldSet;
  readonly removed: FieldSet;
}

type Shape =
  | { readonly kind: 'map'; readonly atom: Atom & { kind: 'map' } }
  | { readonly kind: 'list'; readonly atom: Atom & { kind: 'list' } }
  | { readonly kind: 'leaf' };

function shapeOf(v: unknown, ref: TypeRef): Shape {
  const atom = resolve(ref, v);
  if (atom.kind === 'map' && (isObject(v) || v === null)) return { kind: 'map', atom };
  if (atom.kind === 'list' && (Array.isArray(v) || v === null)) {
    const idx = indexList(atom, Array.isArray(v) ? v : []);
    if (idx.complete && !idx.duplicates) return { kind: 'list', atom };
  }
  return { kind: 'leaf' };
}

const isEmptyish = (v: unknown): boolean =>
  v === undefined ||
  v === null ||
  (Array.isArray(v) && v.length === 0) ||
  (isObject(v) && Object.keys(v).length === 0);

function listItems(atom: Atom & { kind: 'list' }, v: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (!Array.isArray(v)) return out;
  for (const item of v) {
    const pe = atom.element(item);
    if (pe !== undefined) out.set(pe, item);
  }
  return out;
}

/** The container both sides are (either may be absent), or undefined to compare as a leaf. */
function containerShape(l: unknown, r: unknown, ref: TypeRef): Exclude<Shape, { kind: 'leaf' }> | undefined {
  if (isEmptyish(l) && isEmptyish(r)) return undefined;
  const sl = l === undefined ? undefined : shapeOf(l, ref);
  const sr = r === undefined ? undefined : shapeOf(r, ref);
  const shape = sr ?? sl;
  if (!shape || shape.kind === 'leaf' || (sl && sl.kind !== shape.kind)) return undefined;
  return shape;
}

class Comparer {
  readonly added = new FieldSetBuilder();
  readonly modified = new FieldSetBuilder();
  readonly removed = new FieldSetBuilder();

  compare(l: unknown, r: unknown, ref: TypeRef, path: string[]): void {
    if (l === undefined && r === undefined) return;
    const shape = containerShape(l, r, ref);
    if (!shape) {
      this.leaf(l, r, path);
      return;
    }
    if (shape.kind === 'map') this.maps(l, r, shape.atom, path);
    else this.lists(l, r, shape.atom, path);
    if (path.length > 0 && l === undefined) this.added.insert(path);
    if (path.length > 0 && r === undefined) this.removed.insert(path);
  }

  private leaf(l: unknown, r: unknown, path: string[]): void {
    if (path.length === 0) return;
    if (l === undefined) this.added.insert(path);
    else if (r === undefined) this.removed.insert(path);
    else if (!jsonEqual(l, r)) this.modified.insert(path);
  }

  /** compares l and r below `path` + pe; path is the walk's one array, restored on return */
  private below(l: unknown, r: unknown, ref: TypeRef, path: string[], pe: string): void {
    path.push(pe);
    this.compare(l, r, ref, path);
    path.pop();
  }

  private maps(l: unknown, r: unknown, atom: Atom & { kind: 'map' }, path: string[]): void {
    const lo: JsonObject = isObject(l) ? l : {};
    const ro: JsonObject = isObject(r) ? r : {};
    for (const k of Object.keys(lo)) this.below(lo[k], getOwn(ro, k), atom.field(k).ref, path, fieldPE(k));
    for (const k of Object.keys(ro))
      if (!Object.hasOwn(lo, k)) this.below(undefined, ro[k], atom.field(k).ref, path, fieldPE(k));
  }

  private lists(l: unknown, r: unknown, atom: Atom & { kind: 'list' }, path: string[]): void {
    const li = listItems(atom, l);
    const ri = listItems(atom, r);
    for (const [pe, item] of li) this.below(item, ri.get(pe), atom.item, path, pe);
    for (const [pe, item] of ri) if (!li.has(pe)) this.below(undefined, item, atom.item, path, pe);
  }
}

/** What changed from `lhs` to `rhs` (undefined = absent), both of type `ref`. */
export function compare(lhs: unknown, rhs: unknown, ref: TypeRef): Comparison {
  const c = new Comparer();
  c.compare(lhs, rhs, ref, []);
  return { added: c.added.build(), modified: c.modified.build(), removed: c.removed.build() };
}
