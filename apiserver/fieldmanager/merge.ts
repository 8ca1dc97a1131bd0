/**
 * Merge an applied configuration into a live value, as structured-merge-diff merges: granular maps
 * field by field, set and map lists item by item (the applied order wins for applied items; live-only
 * items keep their place among them), everything else (scalars, atomic lists and maps) replaced
 * whole by the applied value. Inputs are never modified; unchanged subtrees are shared.
 */
import { getOwn, isObject, setOwn, type JsonObject } from '../../api/json.js';
import { indexList, resolve, type Atom, type TypeRef } from './schema.js';

export function merge(lhs: unknown, rhs: unknown, ref: TypeRef): unknown {
  if (rhs === undefined) return lhs;
  if (lhs === undefined) return rhs;
  const atom = resolve(ref, rhs);
  if (atom.kind === 'map' && isObject(lhs) && isObject(rhs)) return mergeMaps(lhs, rhs, atom);
  if (atom.kind === 'list' && Array.isArray(lhs) && Array.isArray(rhs)) return mergeLists(lhs, rhs, atom);
  return rhs;
}

function mergeMaps(l: JsonObject, r: JsonObject, atom: Atom & { kind: 'map' }): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(l)) {
    const rv = getOwn(r, k);
    setOwn(out, k, rv === undefined ? v : merge(v, rv, atom.field(k).ref));
  }
  for (const [k, v] of Object.entries(r)) if (!Object.hasOwn(l, k) && v !== undefined) setOwn(out, k, v);
  return out;
}

const DUPLICATE = Symbol('duplicate');

/** One pass over both lists in structured-merge-diff's order (see mergeLists). */
class ListMerger {
  readonly out: unknown[] = [];
  private readonly lByPE = new Map<string, unknown>();
  private readonly rSet: ReadonlySet<string>;
  private readonly shared: readonly string[];
  private readonly done = new Set<string>();
  private nextShared = 0;

  constructor(
    private readonly l: readonly unknown[],
    private readonly lPE: readonly string[],
    private readonly r: readonly unknown[],
    private readonly rPE: readonly string[],
    private readonly item: TypeRef,
  ) {
    lPE.forEach((pe, i) => this.lByPE.set(pe, this.lByPE.has(pe) ? DUPLICATE : l[i]));
    this.rSet = new Set(rPE);
    this.shared = rPE.filter((pe) => this.lByPE.has(pe));
  }

  private takeRight(j: number): void {
    const pe = this.rPE[j] ?? '';
    const lv = this.lByPE.get(pe);
    this.out.push(lv === undefined || lv === DUPLICATE ? this.r[j] : merge(lv, this.r[j], this.item));
    this.done.add(pe);
    if (this.shared[this.nextShared] === pe) this.nextShared++;
  }

  /** Consumes one or both heads; returns the new positions. */
  private step(i: number, j: number): [number, number] {
    const lpe = this.lPE[i];
    const rLeft = j < this.r.length;
    if (lpe === undefined) {
      this.takeRight(j);
      return [i, j + 1];
    }
    if (rLeft && lpe === this.rPE[j]) {
      this.takeRight(j);
      return [i + 1, j + 1];
    }
    if (!this.rSet.has(lpe)) {
      this.out.push(this.l[i]);
      return [i + 1, j];
    }
    // a shared item waits until the applied list reaches it
    if (this.done.has(lpe) || !rLeft || this.shared[this.nextShared] !== lpe) return [i + 1, j];
    this.takeRight(j);
    return [i, j + 1];
  }

  run(): unknown[] {
    let i = 0;
    let j = 0;
    while (i < this.l.length || j < this.r.length) [i, j] = this.step(i, j);
    return this.out;
  }
}

/**
 * Applied items in applied order, merged with their live counterparts; live-only items stay where
 * they were relative to them; live duplicates of an applied key collapse into the applied item.
 */
function mergeLists(l: readonly unknown[], r: readonly unknown[], atom: Atom & { kind: 'list' }): unknown[] {
  const li = indexList(atom, l);
  const ri = indexList(atom, r);
  if (!li.complete || !ri.complete || ri.duplicates) return [...r];
  return new ListMerger(l, li.elements as string[], r, ri.elements as string[], atom.item).run();
}
