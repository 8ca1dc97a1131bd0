/**
 * The objects the benchmark writes: Agents whose create body is about 1 KiB (the size of the raw
 * etcd3 values they are held against), optionally stamped with their send time for watchers.
 */
export const SENT_ANNOTATION = 'bench.orgplane.io/sent';
export const VALUE_BYTES = 1024;

export interface AgentBody {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels: Record<string, string>; annotations?: Record<string, string> };
  spec: { model: string; description: string; instructions: string; tools: string[] };
}

/** An Agent create body of about `bytes` bytes of JSON (never less than its fields need). */
export function agentBody(name: string, bytes = VALUE_BYTES, sentAt?: number): AgentBody {
  const body: AgentBody = {
    apiVersion: 'orgplane.io/v1alpha1',
    kind: 'Agent',
    metadata: { name, labels: { 'bench.orgplane.io/run': 'product' } },
    spec: { model: 'gpt-4o', description: 'make bench agent', instructions: '', tools: ['search', 'mail'] },
  };
  if (sentAt !== undefined) body.metadata.annotations = { [SENT_ANNOTATION]: sentAt.toFixed(3) };
  const room = bytes - JSON.stringify(body).length;
  body.spec.instructions = 'Answer briefly. '
    .repeat(Math.max(0, Math.ceil(room / 16)))
    .slice(0, Math.max(0, room));
  return body;
}

/** A 1 KiB JSON value shaped like a stored Agent, for the raw etcd3 baseline. */
export function rawValue(i: number): string {
  const obj = {
    ...agentBody(`raw-${i}`),
    metadata: {
      name: `raw-${i}`,
      namespace: 'raw',
      uid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      creationTimestamp: '2026-01-01T00:00:00Z',
      generation: 1,
    },
  };
  const room = VALUE_BYTES - JSON.stringify(obj).length;
  obj.spec.instructions = obj.spec.instructions.slice(0, Math.max(0, obj.spec.instructions.length + room));
  return JSON.stringify(obj);
}
