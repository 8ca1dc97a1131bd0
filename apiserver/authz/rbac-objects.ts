/**
 * The RBAC objects as the authorizer keeps them: stored JSON read defensively (a malformed field
 * becomes empty, never a crash) into small immutable records.
 */
import { objectOr } from '../../api/json.js';
import type { PolicyRule, RoleRef, Subject } from '../../api/builtin/rbac.js';
import { RBAC_GROUP } from '../../api/builtin/rbac.js';
import { groupPrefix, parseObjectKey } from '../registry/keys.js';
import { labelSelectorFromMeta, SelectorError, type LabelSelector } from '../selectors/index.js';

export const RBAC_PREFIX = groupPrefix(RBAC_GROUP);

export type RbacPlural = 'roles' | 'clusterroles' | 'rolebindings' | 'clusterrolebindings';

export interface RoleEntry {
  readonly kind: 'Role' | 'ClusterRole';
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly rules: readonly PolicyRule[];
  /** ClusterRoles with an aggregationRule: the selectors (their own rules are then ignored) */
  readonly aggregation?: readonly LabelSelector[];
}

export interface BindingEntry {
  readonly kind: 'RoleBinding' | 'ClusterRoleBinding';
  readonly namespace: string;
  readonly name: string;
  readonly roleRef: RoleRef;
  readonly subjects: readonly Subject[];
  /** RoleBindings: false when annotated `orgplane.io/inherit: "false"` (own namespace only) */
  readonly inherit: boolean;
}

export type RbacEntry = RoleEntry | BindingEntry;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(objectOr(v))) if (typeof x === 'string') out[k] = x;
  return out;
}

export function toRule(v: unknown): PolicyRule {
  const r = objectOr(v);
  const rule: PolicyRule = { verbs: strings(r.verbs) };
  if (Array.isArray(r.apiGroups)) rule.apiGroups = strings(r.apiGroups);
  if (Array.isArray(r.resources)) rule.resources = strings(r.resources);
  if (Array.isArray(r.resourceNames)) rule.resourceNames = strings(r.resourceNames);
  if (Array.isArray(r.nonResourceURLs)) rule.nonResourceURLs = strings(r.nonResourceURLs);
  return rule;
}

export const toRules = (v: unknown): PolicyRule[] => (Array.isArray(v) ? v.map(toRule) : []);

function toSubject(v: unknown): Subject {
  const s = objectOr(v);
  const out: Subject = { kind: str(s.kind), name: str(s.name) };
  if (typeof s.apiGroup === 'string') out.apiGroup = s.apiGroup;
  if (typeof s.namespace === 'string') out.namespace = s.namespace;
  return out;
}

function aggregationOf(v: unknown): LabelSelector[] | undefined {
  if (v === undefined || v === null) return undefined;
  const rule = objectOr(v);
  const selectors: LabelSelector[] = [];
  for (const s of Array.isArray(rule.clusterRoleSelectors) ? rule.clusterRoleSelectors : []) {
    const sel = labelSelectorFromMeta(objectOr(s));
    if (!(sel instanceof SelectorError)) selectors.push(sel);
  }
  return selectors;
}

/** The stored object under an RBAC key, or undefined when the key or JSON is not one. */
export function entryOf(plural: RbacPlural, namespace: string, value: string): RbacEntry | undefined {
  let obj: unknown;
  try {
    obj = JSON.parse(value);
  } catch {
    return undefined;
  }
  return entryOfObject(plural, namespace, obj);
}

/** The index entry of a decoded RBAC object. */
export function entryOfObject(plural: RbacPlural, namespace: string, decoded: unknown): RbacEntry {
  const obj = objectOr(decoded);
  const meta = objectOr(obj.metadata);
  const name = str(meta.name);
  if (plural === 'roles' || plural === 'clusterroles') {
    const aggregation = plural === 'clusterroles' ? aggregationOf(obj.aggregationRule) : undefined;
    return {
      kind: plural === 'roles' ? 'Role' : 'ClusterRole',
      namespace,
      name,
      labels: stringMap(meta.labels),
      rules: toRules(obj.rules),
      ...(aggregation ? { aggregation } : {}),
    };
  }
  const ref = objectOr(obj.roleRef);
  return {
    kind: plural === 'rolebindings' ? 'RoleBinding' : 'ClusterRoleBinding',
    namespace,
    name,
    roleRef: { apiGroup: str(ref.apiGroup), kind: str(ref.kind), name: str(ref.name) },
    subjects: Array.isArray(obj.subjects) ? obj.subjects.map(toSubject) : [],
    inherit: objectOr(meta.annotations)['orgplane.io/inherit'] !== 'false',
  };
}

/** JSON with object keys sorted, so field order never counts as a difference. */
export function canonicalJSON(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJSON).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJSON(x)}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

const PLURALS: readonly string[] = ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'];

/** Split `/registry/rbac.authorization.k8s.io/<plural>/[<ns>/]<name>`. */
export function parseRbacKey(
  key: string,
): { plural: RbacPlural; namespace: string; name: string } | undefined {
  const parts = parseObjectKey(key);
  if (parts?.group !== RBAC_GROUP || !PLURALS.includes(parts.plural)) return undefined;
  const { plural, rest } = parts;
  const namespaced = plural === 'roles' || plural === 'rolebindings';
  if (rest.length !== (namespaced ? 2 : 1)) return undefined;
  return {
    plural: plural as RbacPlural,
    namespace: namespaced ? (rest[0] ?? '') : '',
    name: rest[rest.length - 1] ?? '',
  };
}
