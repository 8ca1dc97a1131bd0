/**
 * Path elements in their FieldsV1 spelling: `f:<field>` (a struct field or map key), `k:{...}` (a
 * map-list item by its key fields, sorted), `v:<json>` (a set item by value), `i:<n>` (a list
 * index). Strings built here are canonical, so two equal elements are equal strings.
 */
import { compareStrings, exceedsDepth, goJSON } from './json.js';
import { isObject } from '../../api/json.js';

export const fieldPE = (name: string): string => `f:${name}`;

export const valuePE = (v: unknown): string => `v:${goJSON(v)}`;

export const indexPE = (i: number): string => `i:${i}`;

export function keyPE(fields: readonly (readonly [string, unknown])[]): string {
  const sorted = [...fields].sort((a, b) => compareStrings(a[0], b[0]));
  return `k:{${sorted.map(([n, v]) => `${goJSON(n)}:${goJSON(v)}`).join(',')}}`;
}

/** The field name of an `f:` element, else undefined. */
export function fieldName(pe: string): string | undefined {
  return pe.startsWith('f:') ? pe.slice(2) : undefined;
}

export type ParsedElement =
  { readonly ok: true; readonly pe: string } | { readonly ok: false; readonly error: string };

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    const value: unknown = JSON.parse(text);
    return exceedsDepth(value, 16) ? { ok: false } : { ok: true, value };
  } catch {
    return { ok: false };
  }
}

/**
 * Reads a serialized element from a client-supplied FieldsV1 and returns its canonical spelling.
 * Unknown element types answer `{ok: true, pe: ''}`: kube drops them rather than failing.
 */
export function parseElement(s: string): ParsedElement {
  if (s.length < 2 || s[1] !== ':') return { ok: false, error: `invalid path element ${JSON.stringify(s)}` };
  const body = s.slice(2);
  const bad = (): ParsedElement => ({ ok: false, error: `invalid path element ${JSON.stringify(s)}` });
  switch (s[0]) {
    case 'f':
      return { ok: true, pe: s };
    case 'i':
      return /^(0|[1-9][0-9]{0,8})$/.test(body) ? { ok: true, pe: indexPE(Number(body)) } : bad();
    case 'v': {
      const parsed = parseJson(body);
      return parsed.ok ? { ok: true, pe: valuePE(parsed.value) } : bad();
    }
    case 'k': {
      const parsed = parseJson(body);
      if (!parsed.ok || !isObject(parsed.value)) return bad();
      return { ok: true, pe: keyPE(Object.entries(parsed.value)) };
    }
    default:
      return { ok: true, pe: '' };
  }
}

const RANK: Record<string, number> = { f: 0, k: 1, v: 2, i: 3 };

/** structured-merge-diff's element order: fields, then keys, then values, then indexes. */
export function compareElements(a: string, b: string): number {
  const ra = RANK[a[0] ?? ''] ?? 4;
  const rb = RANK[b[0] ?? ''] ?? 4;
  if (ra !== rb) return ra - rb;
  if (ra === 3) return Number(a.slice(2)) - Number(b.slice(2));
  return compareStrings(a, b);
}

function valueString(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(valueString).join(',')}]`;
  if (isObject(v)) {
    const keys = Object.keys(v).sort(compareStrings);
    return `{${keys.map((k) => `${k}=${valueString(v[k])}`).join(',')}}`;
  }
  return goJSON(v);
}

/** One element as kube prints it in a path: `.spec`, `[name="a"]`, `[="x"]`, `[0]`. */
export function elementString(pe: string): string {
  const body = pe.slice(2);
  switch (pe[0]) {
    case 'f':
      return `.${body}`;
    case 'i':
      return `[${body}]`;
    case 'v': {
      const parsed = parseJson(body);
      return parsed.ok ? `[=${valueString(parsed.value)}]` : `[=${body}]`;
    }
    case 'k': {
      const parsed = parseJson(body);
      if (!parsed.ok || !isObject(parsed.value)) return `[${body}]`;
      const fields = Object.entries(parsed.value).map(([k, v]) => `${k}=${valueString(v)}`);
      return `[${fields.join(',')}]`;
    }
    default:
      return pe;
  }
}

/** A whole path as kube prints it in conflicts: `.spec.containers[name="a"].image`. */
export function pathString(path: readonly string[]): string {
  return path.map(elementString).join('');
}
