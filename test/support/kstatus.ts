/**
 * kstatus (sigs.k8s.io/cli-utils/pkg/kstatus/status.Compute) for resources without built-in rules,
 * which is every orgplane kind; Flux health checks and `kubectl`-style appliers decide with it:
 * 1. metadata.deletionTimestamp set: Terminating;
 * 2. status.observedGeneration present and not metadata.generation: InProgress;
 * 3. a Reconciling condition True: InProgress; a Stalled condition True: Failed;
 * 4. a Ready condition: True Current, False or Unknown InProgress;
 * 5. otherwise Current ("Resource is current").
 */
import type { KubeObject } from '../../api/meta.js';

export type KStatus = 'InProgress' | 'Failed' | 'Current' | 'Terminating';

export interface KResult {
  readonly status: KStatus;
  readonly message: string;
}

interface Cond {
  readonly type?: unknown;
  readonly status?: unknown;
  readonly reason?: unknown;
  readonly message?: unknown;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Rule 2: InProgress while status.observedGeneration is present and not metadata.generation. */
function generationResult(obj: KubeObject, observed: unknown): KResult | undefined {
  const generation = obj.metadata.generation;
  if (typeof generation !== 'number' || typeof observed !== 'number' || observed === generation)
    return undefined;
  return {
    status: 'InProgress',
    message: `${obj.kind} generation is ${String(generation)}, but latest observed generation is ${String(observed)}`,
  };
}

/** Rules 3 to 5, from the conditions. */
function conditionsResult(conditions: readonly Cond[]): KResult {
  for (const c of conditions) {
    if (c.type === 'Reconciling' && c.status === 'True')
      return { status: 'InProgress', message: text(c.message) };
    if (c.type === 'Stalled' && c.status === 'True') return { status: 'Failed', message: text(c.message) };
  }
  const ready = conditions.find((c) => c.type === 'Ready');
  if (ready?.status === 'True') return { status: 'Current', message: 'Resource is Ready' };
  if (ready?.status === 'False' || ready?.status === 'Unknown')
    return { status: 'InProgress', message: text(ready.message) };
  return { status: 'Current', message: 'Resource is current' };
}

export function kstatus(obj: KubeObject): KResult {
  if (text(obj.metadata.deletionTimestamp) !== '')
    return { status: 'Terminating', message: 'Resource scheduled for deletion' };
  const status = (obj.status ?? {}) as { observedGeneration?: unknown; conditions?: unknown };
  return (
    generationResult(obj, status.observedGeneration) ??
    conditionsResult((Array.isArray(status.conditions) ? status.conditions : []) as Cond[])
  );
}
