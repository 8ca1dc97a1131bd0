/**
 * rbac.authorization.k8s.io/v1 Role, ClusterRole, RoleBinding and ClusterRoleBinding (k8s.io/api
 * rbac/v1 generated.proto) to the JSON kube would produce, except that a repeated field with no
 * entries is omitted where kube writes null for the nil slice (Role.rules, PolicyRule.verbs; the
 * schemas here treat null and absent alike). String fields without omitempty (Subject kind/name,
 * RoleRef apiGroup/kind/name) are always written, so validation sees them.
 */
import type { Message } from './message.js';
import { type DecodedObject, parseObject } from './kinds.js';
import { setStrings } from './meta.js';
import { type LabelSelector, decodeLabelSelector } from './selector.js';

interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

interface Subject {
  kind: string;
  apiGroup?: string;
  name: string;
  namespace?: string;
}

interface RoleRef {
  apiGroup: string;
  kind: string;
  name: string;
}

/** PolicyRule: 1 verbs, 2 apiGroups, 3 resources, 4 resourceNames, 5 nonResourceURLs. */
function decodePolicyRule(m: Message): PolicyRule {
  const rule: PolicyRule = {};
  setStrings(rule, 'verbs', m.strings(1));
  setStrings(rule, 'apiGroups', m.strings(2));
  setStrings(rule, 'resources', m.strings(3));
  setStrings(rule, 'resourceNames', m.strings(4));
  setStrings(rule, 'nonResourceURLs', m.strings(5));
  return rule;
}

/** Subject: 1 kind, 2 apiGroup, 3 name, 4 namespace. */
function decodeSubject(m: Message): Subject {
  const apiGroup = m.string(2) ?? '';
  const namespace = m.string(4) ?? '';
  return {
    kind: m.string(1) ?? '',
    ...(apiGroup === '' ? {} : { apiGroup }),
    name: m.string(3) ?? '',
    ...(namespace === '' ? {} : { namespace }),
  };
}

/** RoleRef: 1 apiGroup, 2 kind, 3 name; absent is the zero RoleRef, as in Go. */
function decodeRoleRef(m: Message | undefined): RoleRef {
  return { apiGroup: m?.string(1) ?? '', kind: m?.string(2) ?? '', name: m?.string(3) ?? '' };
}

function decodeRules(m: Message): { rules?: PolicyRule[] } {
  const rules = m.messages(2).map(decodePolicyRule);
  return rules.length > 0 ? { rules } : {};
}

/** Role: 1 metadata, 2 rules. */
export function decodeRole(raw: Uint8Array): DecodedObject {
  const { metadata, m } = parseObject(raw);
  return { metadata, ...decodeRules(m) };
}

/** ClusterRole: 1 metadata, 2 rules, 3 aggregationRule {1 clusterRoleSelectors}. */
export function decodeClusterRole(raw: Uint8Array): DecodedObject {
  const { metadata, m } = parseObject(raw);
  const role: DecodedObject = { metadata, ...decodeRules(m) };
  const aggregation = m.message(3);
  if (aggregation === undefined) return role;
  const selectors: LabelSelector[] = aggregation.messages(1).map(decodeLabelSelector);
  return { ...role, aggregationRule: selectors.length > 0 ? { clusterRoleSelectors: selectors } : {} };
}

/** RoleBinding and ClusterRoleBinding: 1 metadata, 2 subjects, 3 roleRef. */
export function decodeRoleBinding(raw: Uint8Array): DecodedObject {
  const { metadata, m } = parseObject(raw);
  const subjects = m.messages(2).map(decodeSubject);
  return { metadata, ...(subjects.length > 0 ? { subjects } : {}), roleRef: decodeRoleRef(m.message(3)) };
}
