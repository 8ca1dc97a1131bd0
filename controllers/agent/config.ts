/**
 * What the agent controller knows of Secrets and ConfigMaps: only which keys each one has. The
 * informers cache them through `keysOnly`, which drops every value (and the annotations, where
 * `kubectl apply` keeps a Secret's last-applied values), so no secret value stays in the
 * controller's memory; `missingConfig` resolves an agent's references against those caches.
 */
import type { KubeObject } from '../../api/meta.js';
import type { Agent } from '../types.js';
import { envRefs, type ConfigKind } from './refs.js';

/** A Secret or ConfigMap as cached: its identity and its data's keys, every value ''. */
export interface ConfigObject extends KubeObject {
  data?: Record<string, string>;
}

/** The informer transform of Secrets and ConfigMaps: identity and data keys only. */
export function keysOnly<T extends ConfigObject>(obj: T): T {
  const { name, namespace, uid, resourceVersion, generation, deletionTimestamp } = obj.metadata;
  const data = obj.data && typeof obj.data === 'object' ? obj.data : undefined;
  const kept: ConfigObject = {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    metadata: {
      ...(name !== undefined ? { name } : {}),
      ...(namespace !== undefined ? { namespace } : {}),
      ...(uid !== undefined ? { uid } : {}),
      ...(resourceVersion !== undefined ? { resourceVersion } : {}),
      ...(generation !== undefined ? { generation } : {}),
      ...(deletionTimestamp !== undefined ? { deletionTimestamp } : {}),
    },
    ...(data ? { data: Object.fromEntries(Object.keys(data).map((k) => [k, ''])) } : {}),
  };
  return kept as T;
}

/** The cached Secret or ConfigMap of a namespace, if any. */
export type ConfigLookup = (kind: ConfigKind, namespace: string, name: string) => ConfigObject | undefined;

const noun = (kind: ConfigKind): string => (kind === 'Secret' ? 'secret' : 'configmap');

/** True when the two objects have the same data keys (all an agent's readiness depends on). */
export function sameKeys(a: ConfigObject, b: ConfigObject): boolean {
  const ka = Object.keys(a.data ?? {});
  const kb = new Set(Object.keys(b.data ?? {}));
  return ka.length === kb.size && ka.every((k) => kb.has(k));
}

/**
 * What the agent references that its namespace lacks, one message per missing object or key
 * (`secret "search-keys" not found`, `key "serp" not found in secret "search-keys"`), in spec.env
 * order; names and keys only, never a value. Empty: every required reference resolves.
 */
export function missingConfig(agent: Agent, lookup: ConfigLookup): string[] {
  const namespace = agent.metadata.namespace ?? '';
  const missing = new Set<string>();
  for (const ref of envRefs(agent)) {
    if (ref.optional) continue;
    const obj = lookup(ref.kind, namespace, ref.name);
    if (!obj) missing.add(`${noun(ref.kind)} "${ref.name}" not found`);
    else if (!Object.hasOwn(obj.data ?? {}, ref.key))
      missing.add(`key "${ref.key}" not found in ${noun(ref.kind)} "${ref.name}"`);
  }
  return [...missing];
}
