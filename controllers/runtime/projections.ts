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
  return { ...meta, annotations };
}

export function projectAgent(obj: KubeObject): KubeObject {
  const spec = obj.spec as Record<string, unknown> | undefined;
  const kept = spec && Object.fromEntries(AGENT_SPEC_READ.flatMap((k) => (k in spec ? [[k, spec[k]]] : [])));
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    metadata: withoutLastApplied(obj.metadata),
    ...(kept ? { spec: kept } : {}),
    ...(obj.status !== undefined ? { status: obj.status } : {}),
  };
}

const same = (a: ResourceType, b: ResourceType): boolean => a.group === b.group && a.plural === b.plural;

/** The projection the informer of `res` applies when its creator gives none. */
export function defaultTransform(res: ResourceType): ((obj: KubeObject) => KubeObject) | undefined {
  return same(res, AGENTS) ? projectAgent : undefined;
}
