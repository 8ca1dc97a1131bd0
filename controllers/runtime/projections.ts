/**
 * What the controllers' informers keep of kinds that are many and mostly unread by controllers
 * (client-go's TransformFunc, applied before an object is cached or handed to a handler). An Agent
 * keeps its metadata (without the last-applied annotation), status, and only the spec fields some
 * controller reads: `suspended` and `env`. A controller that needs another spec field of a kind
 * listed here adds it here; controllers never write back a cached object whole (status and spec
 * changes are merge patches), so the fields left out are never lost.
 */
import type { KubeObject } from '../../api/meta.js';
import { AGENTS, type ResourceType } from './resources.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Agent spec fields read by controllers. */
const AGENT_SPEC_READ = ['suspended', 'env'] as const;

function withoutLastApplied(meta: KubeObject['metadata']): KubeObject['metadata'] {
  if (meta.annotations?.[LAST_APPLIED] === undefined) return meta;
  const annotations = Object.fromEntries(
    Object.entries(meta.annotations).filter(([k]) => k !== LAST_APPLIED),
  );
  // copied key by key (not `{ ...meta, annotations }`: see shareFields)
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(meta)) copy[k] = k === 'annotations' ? annotations : v;
  return copy;
}

/**
 * One copy of the strings thousands of cached objects repeat (JSON.parse makes a copy per object):
 * apiVersion, kind, namespace, phase and condition fields. Bounded: past SHARED_MAX distinct
 * strings it starts over, so unique values cost a lookup, never unbounded memory.
 */
const shared = new Map<string, string>();
const SHARED_MAX = 4096;

function intern<T>(v: T): T {
  if (typeof v !== 'string') return v;
  const hit = shared.get(v) as T | undefined;
  if (hit !== undefined) return hit;
  if (shared.size >= SHARED_MAX) shared.clear();
  shared.set(v, v);
  return v;
}

const CONDITION_FIELDS = ['type', 'status', 'reason', 'message', 'lastTransitionTime'] as const;

/** an object whose fields may be interned in place (not frozen) */
const isMutableRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !Object.isFrozen(v);

/**
 * Interns the fields in place: equal strings for equal strings, so nothing observable changes. In
 * place, not copied with a spread: V8 gives every object made as `{ ...o }` and then extended a
 * hidden class of its own, which costs more than the strings saved.
 */
function shareFields(o: unknown, fields: readonly string[]): void {
  if (!isMutableRecord(o)) return;
  for (const f of fields) if (typeof o[f] === 'string') o[f] = intern(o[f]);
}

function shareStatus(status: unknown): void {
  if (!isMutableRecord(status)) return;
  shareFields(status, ['phase']);
  if (Array.isArray(status.conditions)) for (const c of status.conditions) shareFields(c, CONDITION_FIELDS);
}

export function projectAgent(obj: KubeObject): KubeObject {
  const spec = obj.spec as Record<string, unknown> | undefined;
  const kept = spec && Object.fromEntries(AGENT_SPEC_READ.flatMap((k) => (k in spec ? [[k, spec[k]]] : [])));
  const metadata = withoutLastApplied(obj.metadata);
  shareFields(metadata, ['namespace']);
  shareStatus(obj.status);
  return {
    apiVersion: intern(obj.apiVersion),
    kind: intern(obj.kind),
    metadata,
    ...(kept ? { spec: kept } : {}),
    ...(obj.status !== undefined ? { status: obj.status } : {}),
  };
}

const same = (a: ResourceType, b: ResourceType): boolean => a.group === b.group && a.plural === b.plural;

/** The projection the informer of `res` applies when its creator gives none. */
export function defaultTransform(res: ResourceType): ((obj: KubeObject) => KubeObject) | undefined {
  return same(res, AGENTS) ? projectAgent : undefined;
}
