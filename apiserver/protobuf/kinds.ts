/**
 * Per-kind decoders of the raw object bytes inside the envelope (k8s.io/api generated.proto field
 * numbers). Each returns the JSON object kube would produce, minus apiVersion/kind.
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

/** core/v1 Namespace: 1 metadata, 2 spec {1 finalizers}, 3 status {1 phase}. */
export function decodeNamespace(raw: Uint8Array): DecodedObject {
  const m = Message.parse(raw);
  const spec: JsonObject = {};
  const finalizers = m.message(2)?.strings(1) ?? [];
  if (finalizers.length > 0) spec['finalizers'] = finalizers;
  const status: { phase?: string } = {};
  setString(status, 'phase', m.message(3)?.string(1));
  return { metadata: decodeObjectMeta(m.message(1)), spec, status };
}

interface SelectorRequirement {
  key?: string;
  operator?: string;
  values?: string[];
}

/** authorization/v1 FieldSelectorAttributes / LabelSelectorAttributes: 1 rawSelector, 2 requirements. */
function decodeSelectorAttributes(m: Message): JsonObject {
  const out: { rawSelector?: string; requirements?: SelectorRequirement[] } = {};
  setString(out, 'rawSelector', m.string(1));
  const requirements = m.messages(2).map((r) => {
    const req: SelectorRequirement = {};
    setString(req, 'key', r.string(1));
    setString(req, 'operator', r.string(2));
    const values = r.strings(3);
    if (values.length > 0) req.values = values;
    return req;
  });
  if (requirements.length > 0) out.requirements = requirements;
  return out;
}

const RESOURCE_ATTRIBUTES = [
  'namespace',
  'verb',
  'group',
  'version',
  'resource',
  'subresource',
  'name',
] as const;

function decodeResourceAttributes(m: Message): JsonObject {
  const out: Partial<Record<(typeof RESOURCE_ATTRIBUTES)[number], string>> = {};
  RESOURCE_ATTRIBUTES.forEach((name, i) => {
    setString(out, name, m.string(i + 1));
  });
  const attrs: JsonObject = { ...out };
  const fieldSelector = m.message(8);
  if (fieldSelector !== undefined) attrs['fieldSelector'] = decodeSelectorAttributes(fieldSelector);
  const labelSelector = m.message(9);
  if (labelSelector !== undefined) attrs['labelSelector'] = decodeSelectorAttributes(labelSelector);
  return attrs;
}

function decodeNonResourceAttributes(m: Message): JsonObject {
  const out: { path?: string; verb?: string } = {};
  setString(out, 'path', m.string(1));
  setString(out, 'verb', m.string(2));
  return out;
}

/** SubjectAccessReviewStatus: 1 allowed, 4 denied, 2 reason, 3 evaluationError. */
function decodeAccessReviewStatus(m: Message): JsonObject {
  const out: { allowed: boolean; denied?: boolean; reason?: string; evaluationError?: string } = {
    allowed: m.bool(1) ?? false,
  };
  if (m.bool(4) === true) out.denied = true;
  setString(out, 'reason', m.string(2));
  setString(out, 'evaluationError', m.string(3));
  return out;
}

/**
 * authorization/v1 SelfSubjectAccessReview: 1 metadata, 2 spec {1 resourceAttributes,
 * 2 nonResourceAttributes}, 3 status.
 */
export function decodeSelfSubjectAccessReview(raw: Uint8Array): DecodedObject {
  const m = Message.parse(raw);
  const specMsg = m.message(2);
  const spec: JsonObject = {};
  const resource = specMsg?.message(1);
  if (resource !== undefined) spec['resourceAttributes'] = decodeResourceAttributes(resource);
  const nonResource = specMsg?.message(2);
  if (nonResource !== undefined) spec['nonResourceAttributes'] = decodeNonResourceAttributes(nonResource);
  const statusMsg = m.message(3);
  return {
    metadata: decodeObjectMeta(m.message(1)),
    spec,
    status: statusMsg === undefined ? { allowed: false } : decodeAccessReviewStatus(statusMsg),
  };
}
