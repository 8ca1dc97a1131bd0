/**
 * The Secrets and ConfigMaps an Agent's spec.env references, and the index from each of them
 * (namespace, kind, name) to the agents referencing it, so that a change of one Secret or
 * ConfigMap wakes exactly its dependent agents, never a scan of every agent.
 */
import type { Agent } from '../types.js';

export type ConfigKind = 'Secret' | 'ConfigMap';

/** One `valueFrom` of spec.env: a key of a Secret or ConfigMap in the agent's namespace. */
export interface ConfigRef {
  readonly kind: ConfigKind;
  readonly name: string;
  readonly key: string;
  /** the agent may be Ready while the object or its key is missing */
  readonly optional: boolean;
}

/** The agent's references, in spec.env order (the API server admits one source per entry). */
export function envRefs(agent: Agent): ConfigRef[] {
  const refs: ConfigRef[] = [];
  for (const env of agent.spec.env ?? []) {
    const from = env.valueFrom;
    const secret = from?.secretKeyRef;
    const configMap = from?.configMapKeyRef;
    if (secret)
      refs.push({ kind: 'Secret', name: secret.name, key: secret.key, optional: secret.optional ?? false });
    if (configMap)
      refs.push({
        kind: 'ConfigMap',
        name: configMap.name,
        key: configMap.key,
        optional: configMap.optional ?? false,
      });
  }
  return refs;
}

const targetKey = (namespace: string, kind: ConfigKind, name: string): string =>
  `${namespace}\0${kind}\0${name}`;

/** (namespace, kind, name) of a Secret or ConfigMap → keys ("ns/name") of the agents referencing it. */
export class RefIndex {
  private readonly dependents = new Map<string, Set<string>>();
  /** what each agent was last indexed under, to unindex it */
  private readonly targets = new Map<string, readonly string[]>();

  /** Indexes the agent (key "ns/name") under what refs name in namespace, replacing what it had. */
  set(agentKey: string, namespace: string, refs: readonly ConfigRef[]): void {
    this.delete(agentKey);
    const targets = [...new Set(refs.map((r) => targetKey(namespace, r.kind, r.name)))];
    if (targets.length === 0) return;
    this.targets.set(agentKey, targets);
    for (const t of targets) {
      let set = this.dependents.get(t);
      if (!set) this.dependents.set(t, (set = new Set()));
      set.add(agentKey);
    }
  }

  delete(agentKey: string): void {
    for (const t of this.targets.get(agentKey) ?? []) {
      const set = this.dependents.get(t);
      set?.delete(agentKey);
      if (set?.size === 0) this.dependents.delete(t);
    }
    this.targets.delete(agentKey);
  }

  /** Keys of the agents referencing the object. */
  of(namespace: string, kind: ConfigKind, name: string): string[] {
    return [...(this.dependents.get(targetKey(namespace, kind, name)) ?? [])];
  }

  /** How many objects are referenced (the index's size, for tests and metrics). */
  get size(): number {
    return this.dependents.size;
  }
}
