/**
 * Pure helpers over manifest objects: identity keys, apply order, the apply-set marks that make
 * pruning safe, and the normalisation used to compare a dry-run result with the live object.
 */
import { objectOr } from '../../api/json.js';
import { createHash } from 'node:crypto';

export type Obj = Record<string, unknown>;

/** Label every object applied by `orgplane apply` carries; pruning only ever considers these. */
export const APPLIED_BY_LABEL = 'orgplane.io/applied-by';
export const APPLIED_BY_VALUE = 'orgplane-apply';
/** Label naming the apply set (hash of the source paths) an object belongs to. */
export const APPLY_SET_LABEL = 'orgplane.io/apply-set';

export function metadataOf(o: Obj): Obj {
  return objectOr(o.metadata);
}

export function nameOf(o: Obj): string {
  const n = metadataOf(o).name;
  return typeof n === 'string' ? n : '';
}

export function namespaceOf(o: Obj): string | undefined {
  const n = metadataOf(o).namespace;
  return typeof n === 'string' && n !== '' ? n : undefined;
}

export function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/** `agent.orgplane.io/one` (kubectl's output name): lower-case kind, dot group, slash name. */
export function displayName(o: Obj): string {
  const group = groupOf(String(o.apiVersion));
  const kind = String(o.kind).toLowerCase();
  return `${kind}${group ? `.${group}` : ''}/${nameOf(o)}`;
}

/** Identity of an object: group, kind, namespace, name (version-independent). */
export function objectKey(o: Obj): string {
  return [groupOf(String(o.apiVersion)), String(o.kind), namespaceOf(o) ?? '', nameOf(o)].join('|');
}

/** Kinds that others depend on, applied first, in this order. */
const FIRST_KINDS = ['CustomResourceDefinition', 'Organization', 'Namespace'];

/** Stable apply order: CRDs, Organizations, Namespaces first, then the rest in file order. */
export function applyOrder<T>(items: readonly T[], objectOf: (t: T) => Obj): T[] {
  const rank = (t: T): number => {
    const i = FIRST_KINDS.indexOf(String(objectOf(t).kind));
    return i < 0 ? FIRST_KINDS.length : i;
  };
  return items
    .map((t, i) => ({ t, i, r: rank(t) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.t);
}

/** The id of the apply set named by these (absolute) source paths. */
export function applySetId(paths: readonly string[]): string {
  return createHash('sha256')
    .update([...paths].sort().join('\n'))
    .digest('hex')
    .slice(0, 32);
}

/** The object with the apply-set labels added (the input is not modified). */
export function withApplySet(o: Obj, setId: string): Obj {
  const meta = metadataOf(o);
  const labels = { ...objectOr(meta.labels), [APPLIED_BY_LABEL]: APPLIED_BY_VALUE, [APPLY_SET_LABEL]: setId };
  return { ...o, metadata: { ...meta, labels } };
}

/** Label selector matching the objects of one apply set. */
export function applySetSelector(setId: string): string {
  return `${APPLIED_BY_LABEL}=${APPLIED_BY_VALUE},${APPLY_SET_LABEL}=${setId}`;
}

/** Distinct apiVersion/kind pairs of the objects, for listing prune candidates. */
export function kindsOf(objects: readonly Obj[]): { apiVersion: string; kind: string }[] {
  const seen = new Map<string, { apiVersion: string; kind: string }>();
  for (const o of objects) {
    const k = `${String(o.apiVersion)}|${String(o.kind)}`;
    if (!seen.has(k)) seen.set(k, { apiVersion: String(o.apiVersion), kind: String(o.kind) });
  }
  return [...seen.values()];
}

/**
 * Objects to prune: live members of the set (labels checked again, never trusting the selector alone)
 * whose identity is not among the desired objects.
 */
export function pruneCandidates(live: readonly Obj[], desired: readonly Obj[], setId: string): Obj[] {
  const wanted = new Set(desired.map(objectKey));
  return live.filter((o) => {
    const labels = objectOr(metadataOf(o).labels);
    if (labels[APPLIED_BY_LABEL] !== APPLIED_BY_VALUE || labels[APPLY_SET_LABEL] !== setId) return false;
    if (metadataOf(o).deletionTimestamp !== undefined) return false;
    return !wanted.has(objectKey(o));
  });
}

const VOLATILE_META = [
  'managedFields',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'uid',
  'selfLink',
];

/** The object without server bookkeeping (status, managedFields, versions, timestamps, uid). */
export function normalize(o: Obj): Obj {
  const meta = { ...metadataOf(o) };
  for (const k of VOLATILE_META) Reflect.deleteProperty(meta, k);
  const out: Obj = { ...o, metadata: meta };
  Reflect.deleteProperty(out, 'status');
  return sortKeys(out) as Obj;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v instanceof Date) return v.toISOString();
  if (typeof v !== 'object' || v === null) return v;
  const out: Obj = {};
  for (const k of Object.keys(v).sort()) {
    const x = (v as Obj)[k];
    if (x !== undefined) out[k] = sortKeys(x);
  }
  return out;
}

/** True when the two objects are the same once normalised. */
export function sameObject(a: Obj, b: Obj): boolean {
  return JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));
}
