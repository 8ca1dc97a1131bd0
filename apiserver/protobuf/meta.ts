/**
 * meta/v1 ObjectMeta (k8s.io/apimachinery generated.proto) to the JSON kube would produce:
 * empty strings and zero values are omitted (omitempty), as is a zero creationTimestamp.
 * selfLink (4) and managedFields (17) are not decoded.
 */
import type { ObjectMeta, OwnerReference } from '../../api/meta.js';
import { Message } from './message.js';
import { ProtobufDecodeError } from './wire.js';

/** Sets key on target only when value is a non-empty string. */
export function setString<T extends object>(
  target: T,
  key: keyof T & string,
  value: string | undefined,
): void {
  if (value !== undefined && value !== '') Object.assign(target, { [key]: value });
}

/** Sets key on target only when values is non-empty (a nil or empty Go slice with omitempty). */
export function setStrings<T extends object>(target: T, key: keyof T & string, values: string[]): void {
  if (values.length > 0) Object.assign(target, { [key]: values });
}

/** Year 0001 to 9999, the range RFC 3339 and Go's time.Time JSON encoding accept. */
const MIN_SECONDS = -62135596800n;
const MAX_SECONDS = 253402300799n;

/**
 * meta/v1 Time {1: seconds, 2: nanos}. An empty message is Go's zero time, which kube writes as
 * null: return undefined. Nanos are dropped, as kube does.
 */
export function decodeTime(msg: Message | undefined): string | undefined {
  if (msg === undefined) return undefined;
  const seconds = msg.int64(1);
  if (seconds === undefined && !msg.has(2)) return undefined;
  const s = seconds ?? 0n;
  if (s === MIN_SECONDS) return undefined; // Go's zero time written explicitly
  if (s < MIN_SECONDS || s > MAX_SECONDS) throw new ProtobufDecodeError('protobuf timestamp out of range');
  return new Date(Number(s) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function decodeOwnerReference(m: Message): OwnerReference {
  const ref: OwnerReference = {
    apiVersion: m.string(5) ?? '',
    kind: m.string(1) ?? '',
    name: m.string(3) ?? '',
    uid: m.string(4) ?? '',
  };
  const controller = m.bool(6);
  if (controller !== undefined) ref.controller = controller;
  const block = m.bool(7);
  if (block !== undefined) ref.blockOwnerDeletion = block;
  return ref;
}

/** Decodes ObjectMeta from its message bytes, or from an already parsed Message. */
export function decodeObjectMeta(input: Uint8Array | Message | undefined): ObjectMeta {
  if (input === undefined) return {};
  const m = input instanceof Message ? input : Message.parse(input);
  const meta: ObjectMeta = {};
  setString(meta, 'name', m.string(1));
  setString(meta, 'generateName', m.string(2));
  setString(meta, 'namespace', m.string(3));
  setString(meta, 'uid', m.string(5));
  setString(meta, 'resourceVersion', m.string(6));
  const generation = m.safeInt(7);
  if (generation !== undefined && generation !== 0) meta.generation = generation;
  const created = decodeTime(m.message(8));
  if (created !== undefined) meta.creationTimestamp = created;
  const deleted = decodeTime(m.message(9));
  if (deleted !== undefined) meta.deletionTimestamp = deleted;
  const grace = m.safeInt(10);
  if (grace !== undefined) meta.deletionGracePeriodSeconds = grace;
  const labels = m.stringMap(11);
  if (labels !== undefined) meta.labels = labels;
  const annotations = m.stringMap(12);
  if (annotations !== undefined) meta.annotations = annotations;
  const owners = m.messages(13).map(decodeOwnerReference);
  if (owners.length > 0) meta.ownerReferences = owners;
  const finalizers = m.strings(14);
  if (finalizers.length > 0) meta.finalizers = finalizers;
  return meta;
}
