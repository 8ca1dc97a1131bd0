/**
 * kube's RBAC reconciliation (pkg/registry/rbac/reconciliation), as pure functions: bring an
 * existing bootstrap object up to the expected one without taking anything away.
 * - labels and annotations: expected keys added, existing values kept;
 * - roles: expected rules not covered by the existing ones are added back (compacted); rules users
 *   added stay; for an aggregating ClusterRole the aggregationRule's selectors are unioned instead;
 * - bindings: missing subjects added, extra subjects kept; a different roleRef (immutable) means
 *   the binding must be deleted and recreated.
 * Objects annotated `rbac.authorization.kubernetes.io/autoupdate: "false"` are left alone.
 */
import type { KubeObject } from '../../api/meta.js';
import { AUTOUPDATE_ANNOTATION } from './bootstrap-policy.js';
import { compactRules, covers } from './covers.js';
import { canonicalJSON, toRules } from './rbac-objects.js';

export interface Reconciled {
  readonly object: KubeObject;
  readonly changed: boolean;
  /** bindings only: the roleRef differs, so delete and create `object` */
  readonly recreate: boolean;
}

export const autoupdateDisabled = (obj: KubeObject): boolean =>
  obj.metadata.annotations?.[AUTOUPDATE_ANNOTATION] === 'false';

const canonical = canonicalJSON;

function mergeMeta(existing: KubeObject, expected: KubeObject): KubeObject {
  const out = structuredClone(existing);
  const labels = { ...expected.metadata.labels, ...existing.metadata.labels };
  const annotations = { ...expected.metadata.annotations, ...existing.metadata.annotations };
  if (Object.keys(labels).length > 0) out.metadata.labels = labels;
  if (Object.keys(annotations).length > 0) out.metadata.annotations = annotations;
  return out;
}

const metaChanged = (a: KubeObject, b: KubeObject): boolean =>
  canonical(a.metadata.labels ?? {}) !== canonical(b.metadata.labels ?? {}) ||
  canonical(a.metadata.annotations ?? {}) !== canonical(b.metadata.annotations ?? {});

function selectorsOf(v: unknown): unknown[] {
  const rule = typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  return Array.isArray(rule.clusterRoleSelectors) ? rule.clusterRoleSelectors : [];
}

export function reconcileRole(existing: KubeObject, expected: KubeObject): Reconciled {
  const out = mergeMeta(existing, expected);
  let rulesChanged = false;
  if (expected.aggregationRule != null) {
    const have = selectorsOf(existing.aggregationRule);
    const missing = selectorsOf(expected.aggregationRule).filter(
      (s) => !have.some((h) => canonical(h) === canonical(s)),
    );
    if (missing.length > 0 || existing.aggregationRule == null) {
      out.aggregationRule = { clusterRoleSelectors: [...have, ...missing] };
      rulesChanged = true;
    }
  } else {
    const current = toRules(existing.rules);
    const { covered, missing } = covers(current, toRules(expected.rules));
    if (!covered) {
      out.rules = [
        ...(Array.isArray(existing.rules) ? (existing.rules as unknown[]) : []),
        ...compactRules(missing),
      ];
      rulesChanged = true;
    }
  }
  return { object: out, changed: rulesChanged || metaChanged(out, existing), recreate: false };
}

export function reconcileBinding(existing: KubeObject, expected: KubeObject): Reconciled {
  const out = mergeMeta(existing, expected);
  const recreate = canonical(existing.roleRef) !== canonical(expected.roleRef);
  if (recreate) out.roleRef = structuredClone(expected.roleRef);
  const have = Array.isArray(existing.subjects) ? (existing.subjects as unknown[]) : [];
  const key = (s: unknown): string => {
    const r = typeof s === 'object' && s !== null ? (s as Record<string, unknown>) : {};
    return canonical([r.kind, r.name, r.namespace ?? '']);
  };
  const expectedSubjects = Array.isArray(expected.subjects) ? (expected.subjects as unknown[]) : [];
  const missing = expectedSubjects.filter((s) => !have.some((h) => key(h) === key(s)));
  if (missing.length > 0) out.subjects = [...have, ...missing];
  return {
    object: recreate ? withoutServerFields(out) : out,
    changed: recreate || missing.length > 0 || metaChanged(out, existing),
    recreate,
  };
}

/** Metadata a create must not carry (the old object's identity). */
function withoutServerFields(obj: KubeObject): KubeObject {
  const { name, labels, annotations } = obj.metadata;
  return {
    ...obj,
    metadata: {
      ...(name !== undefined ? { name } : {}),
      ...(labels ? { labels } : {}),
      ...(annotations ? { annotations } : {}),
    },
  };
}
