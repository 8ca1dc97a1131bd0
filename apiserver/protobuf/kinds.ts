/**
 * What every per-kind decoder shares, and core/v1 Namespace. Decoders take the raw object bytes
 * inside the envelope (k8s.io/api generated.proto field numbers) and return the JSON object kube
 * would produce, minus apiVersion/kind.
 */
import type { ObjectMeta } from '../../api/meta.js';
import { Message } from './message.js';
import { decodeObjectMeta, setString } from './meta.js';

export type JsonObject = Record<string, unknown>;

/** A decoded object without apiVersion/kind (those come from the envelope). */
export interface DecodedObject {
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** Parses the object's message and decodes its ObjectMeta (field 1 of every kind). */
export function parseObject(raw: Uint8Array): { metadata: ObjectMeta; m: Message } {
  const m = Message.parse(raw);
  return { metadata: decodeObjectMeta(m.message(1)), m };
}

/** core/v1 Namespace: 1 metadata, 2 spec {1 finalizers}, 3 status {1 phase}. */
export function decodeNamespace(raw: Uint8Array): DecodedObject {
  const { metadata, m } = parseObject(raw);
  const spec: JsonObject = {};
  const finalizers = m.message(2)?.strings(1) ?? [];
  if (finalizers.length > 0) spec['finalizers'] = finalizers;
  const status: { phase?: string } = {};
  setString(status, 'phase', m.message(3)?.string(1));
  return { metadata, spec, status };
}
