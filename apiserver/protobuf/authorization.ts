/**
 * authorization.k8s.io/v1 SelfSubjectAccessReview (kubectl auth can-i) and SelfSubjectRulesReview
 * (kubectl auth can-i --list), k8s.io/api authorization/v1 generated.proto field numbers.
 */
import type { Message } from './message.js';
import { type DecodedObject, type JsonObject, parseObject } from './kinds.js';
import { setString, setStrings } from './meta.js';
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
  const { metadata, m } = parseObject(raw);
  const specMsg = m.message(2);
  const spec: JsonObject = {};
  const resource = specMsg?.message(1);
  if (resource !== undefined) spec['resourceAttributes'] = decodeResourceAttributes(resource);
  const nonResource = specMsg?.message(2);
  if (nonResource !== undefined) spec['nonResourceAttributes'] = decodeNonResourceAttributes(nonResource);
  const statusMsg = m.message(3);
  return {
    metadata,
    spec,
    status: statusMsg === undefined ? { allowed: false } : decodeAccessReviewStatus(statusMsg),
  };
}

/** ResourceRule: 1 verbs, 2 apiGroups, 3 resources, 4 resourceNames. */
function decodeResourceRule(m: Message): JsonObject {
  const rule: Partial<Record<'verbs' | 'apiGroups' | 'resources' | 'resourceNames', string[]>> = {};
  setStrings(rule, 'verbs', m.strings(1));
  setStrings(rule, 'apiGroups', m.strings(2));
  setStrings(rule, 'resources', m.strings(3));
  setStrings(rule, 'resourceNames', m.strings(4));
  return rule;
}

/** NonResourceRule: 1 verbs, 2 nonResourceURLs. */
function decodeNonResourceRule(m: Message): JsonObject {
  const rule: { verbs?: string[]; nonResourceURLs?: string[] } = {};
  setStrings(rule, 'verbs', m.strings(1));
  setStrings(rule, 'nonResourceURLs', m.strings(2));
  return rule;
}

/**
 * SubjectRulesReviewStatus: 1 resourceRules, 2 nonResourceRules, 3 incomplete, 4 evaluationError.
 * incomplete has no omitempty, so it is always written; empty rule lists are omitted.
 */
function decodeRulesReviewStatus(m: Message | undefined): JsonObject {
  const resourceRules = m?.messages(1).map(decodeResourceRule) ?? [];
  const nonResourceRules = m?.messages(2).map(decodeNonResourceRule) ?? [];
  const status: JsonObject = {
    ...(resourceRules.length > 0 ? { resourceRules } : {}),
    ...(nonResourceRules.length > 0 ? { nonResourceRules } : {}),
    incomplete: m?.bool(3) ?? false,
  };
  setString(status, 'evaluationError', m?.string(4));
  return status;
}

/** authorization/v1 SelfSubjectRulesReview: 1 metadata, 2 spec {1 namespace}, 3 status. */
export function decodeSelfSubjectRulesReview(raw: Uint8Array): DecodedObject {
  const { metadata, m } = parseObject(raw);
  const spec: { namespace?: string } = {};
  setString(spec, 'namespace', m.message(2)?.string(1));
  return { metadata, spec, status: decodeRulesReviewStatus(m.message(3)) };
}
