/**
 * The field set of a value, as structured-merge-diff's ToFieldSet builds it for an applied
 * configuration: every scalar and atomic value is a member; map keys that are not declared struct
 * fields are members (so they show `"."` when they have children); list items of set and map lists
 * are members; empty objects and nulls are members; declared struct fields holding content are not.
 */
import { FieldSetBuilder, type FieldSet } from './fieldset.js';
import { isObject } from '../../api/json.js';
import { fieldPE, pathString } from './pathelement.js';
import { indexList, resolve, type Atom, type TypeRef } from './schema.js';

export interface FieldSetResult {
  readonly set: FieldSet;
  /** shape errors kube refuses in an applied configuration (duplicate or keyless list items) */
  readonly errors: readonly string[];
}

type Walked = 'leaf' | 'node';

class Walker {
  readonly errors: string[] = [];
  constructor(private readonly strict: boolean) {}

  walk(v: unknown, ref: TypeRef, b: FieldSetBuilder, path: string[]): Walked {
    const atom = resolve(ref, v);
    if (atom.kind === 'map' && isObject(v)) return this.walkMap(v, atom, b, path);
    if (atom.kind === 'list' && Array.isArray(v)) return this.walkList(v, atom, b, path);
    return 'leaf';
  }

  private walkMap(
    v: Record<string, unknown>,
    atom: Atom & { kind: 'map' },
    b: FieldSetBuilder,
    path: string[],
  ): Walked {
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) continue;
      const ft = atom.field(k);
      const pe = fieldPE(k);
      const r = this.walk(x, ft.ref, b.child(pe), [...path, pe]);
      const empty = x === null || (isObject(x) && Object.keys(x).length === 0);
      if (r === 'leaf' || empty || !ft.named) b.addMember(pe);
    }
    return 'node';
  }

  private walkList(
    v: readonly unknown[],
    atom: Atom & { kind: 'list' },
    b: FieldSetBuilder,
    path: string[],
  ): Walked {
    const idx = indexList(atom, v);
    if (this.strict) this.listErrors(v, idx.elements, path);
    if (!idx.complete) return 'leaf';
    const seen = new Set<string>();
    v.forEach((item, i) => {
      const pe = idx.elements[i];
      if (pe === undefined || seen.has(pe)) return;
      seen.add(pe);
      this.walk(item, atom.item, b.child(pe), [...path, pe]);
      b.addMember(pe);
    });
    return 'node';
  }

  private listErrors(
    items: readonly unknown[],
    elements: readonly (string | undefined)[],
    path: string[],
  ): void {
    const where = path.length === 0 ? '' : `${pathString(path)}: `;
    const seen = new Set<string>();
    elements.forEach((pe, i) => {
      if (pe === undefined) {
        const what = isObject(items[i])
          ? 'an element that omits a key field'
          : 'an element that is not an object';
        this.errors.push(`${where}associative list with keys has ${what} (and doesn't have default value)`);
      } else if (seen.has(pe)) {
        this.errors.push(`${where}duplicate entries for key ${pathString([pe])}`);
      } else {
        seen.add(pe);
      }
    });
  }
}

/**
 * The field set of `value` under `ref`. With `strict`, duplicate or keyless items of map/set lists
 * are reported as errors (an applied configuration must not have them); otherwise they are
 * tolerated: a list with a keyless item counts as one atomic value and duplicates count once.
 */
export function toFieldSet(value: unknown, ref: TypeRef, strict = false): FieldSetResult {
  const walker = new Walker(strict);
  const root = new FieldSetBuilder();
  walker.walk(value, ref, root, []);
  return { set: root.build(), errors: walker.errors };
}
