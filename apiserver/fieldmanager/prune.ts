/**
 * Removal of fields an applier stopped applying, with structured-merge-diff's rule: a node goes
 * (with everything under it) when the applier's previous set holds it and no manager, the applier's
 * new configuration included, still holds it. A declared struct field counts as held by a set that
 * holds anything beneath it; a map key or list item only when the set holds the key or item itself.
 */
import type { FieldSet } from './fieldset.js';
import { getOwn, isObject, setOwn, type JsonObject } from '../../api/json.js';
import { fieldName } from './pathelement.js';
import { resolve, type TypeRef } from './schema.js';

function holds(s: FieldSet | undefined, pe: string, named: boolean): boolean {
  if (!s) return false;
  return s.members.has(pe) || (named && s.children.has(pe));
}

function pruneMap(v: JsonObject, ref: TypeRef, last: FieldSet, owned: FieldSet | undefined): JsonObject {
  const atom = resolve(ref, v);
  if (atom.kind !== 'map') return v;
  let out: JsonObject | undefined;
  const pes = new Set([...last.members, ...last.children.keys()]);
  for (const pe of pes) {
    const name = fieldName(pe);
    if (name === undefined) continue;
    const cur = getOwn(v, name);
    if (cur === undefined) continue;
    const ft = atom.field(name);
    let next: unknown = cur;
    if (holds(last, pe, ft.named) && !holds(owned, pe, ft.named)) next = undefined;
    else {
      const lc = last.children.get(pe);
      if (lc) next = pruneValue(cur, ft.ref, lc, owned?.children.get(pe));
    }
    if (next === cur) continue;
    out ??= { ...v };
    if (next === undefined) Reflect.deleteProperty(out, name);
    else setOwn(out, name, next);
  }
  return out ?? v;
}

function pruneList(
  v: readonly unknown[],
  ref: TypeRef,
  last: FieldSet,
  owned: FieldSet | undefined,
): unknown[] {
  const atom = resolve(ref, v);
  if (atom.kind !== 'list') return v as unknown[];
  let changed = false;
  const out: unknown[] = [];
  for (const item of v) {
    const pe = atom.element(item);
    if (pe === undefined) {
      out.push(item);
      continue;
    }
    if (holds(last, pe, false) && !holds(owned, pe, false)) {
      changed = true;
      continue;
    }
    const lc = last.children.get(pe);
    const next = lc ? pruneValue(item, atom.item, lc, owned?.children.get(pe)) : item;
    if (next !== item) changed = true;
    out.push(next);
  }
  return changed ? out : (v as unknown[]);
}

function pruneValue(v: unknown, ref: TypeRef, last: FieldSet, owned: FieldSet | undefined): unknown {
  if (isObject(v)) return pruneMap(v, ref, last, owned);
  if (Array.isArray(v)) return pruneList(v, ref, last, owned);
  return v;
}

/**
 * `value` without what `last` (the applier's previous applied set) held and `owned` (the union of
 * every manager's set after this apply, plus the never-removed paths) no longer holds.
 */
export function prune(value: unknown, ref: TypeRef, last: FieldSet, owned: FieldSet): unknown {
  return pruneValue(value, ref, last, owned);
}
