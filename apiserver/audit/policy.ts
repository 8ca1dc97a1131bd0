/**
 * audit.k8s.io/v1 Policy files: parsed and validated with kube's rules (levels, stages, no rule
 * mixing resources with nonResourceURLs). Evaluation lives in policy-checker.ts.
 */
import { isObject } from '../../api/json.js';
import { readFile } from 'node:fs/promises';
import { load } from 'js-yaml';
import { AUDIT_LEVELS, AUDIT_STAGES, type AuditLevel, type AuditStage } from '../../api/auditevent.js';

export interface GroupResources {
  readonly group: string;
  /** "pods", "pods/log", "*", "*\/status", "pods/*"; empty: every resource of the group */
  readonly resources: readonly string[];
  readonly resourceNames: readonly string[];
}

export interface PolicyRule {
  readonly level: AuditLevel;
  readonly users: readonly string[];
  readonly userGroups: readonly string[];
  readonly verbs: readonly string[];
  readonly resources: readonly GroupResources[];
  /** "" matches cluster-scoped requests */
  readonly namespaces: readonly string[];
  readonly nonResourceURLs: readonly string[];
  readonly omitStages: readonly AuditStage[];
  readonly omitManagedFields?: boolean;
}

export interface AuditPolicy {
  readonly rules: readonly PolicyRule[];
  readonly omitStages: readonly AuditStage[];
  readonly omitManagedFields: boolean;
  /** level when no rule matches: None for a policy file (kube), Metadata for the built-in default */
  readonly defaultLevel: AuditLevel;
}

/** Without a policy file every request is audited at Metadata, from ResponseStarted on. */
export const DEFAULT_POLICY: AuditPolicy = {
  rules: [],
  omitStages: ['RequestReceived'],
  omitManagedFields: false,
  defaultLevel: 'Metadata',
};

export class PolicyError extends Error {
  override readonly name = 'PolicyError';
}

function strings(v: unknown, field: string, errors: string[]): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) {
    errors.push(`${field}: Invalid value: must be a list of strings`);
    return [];
  }
  return v;
}

function enumValue<T extends string>(
  v: unknown,
  allowed: readonly T[],
  field: string,
  errors: string[],
): T | undefined {
  if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
  const shown = v === undefined ? '""' : JSON.stringify(v);
  errors.push(
    `${field}: Unsupported value: ${shown}: supported values: ${allowed.map((a) => `"${a}"`).join(', ')}`,
  );
  return undefined;
}

function stages(v: unknown, field: string, errors: string[]): AuditStage[] {
  return strings(v, field, errors).flatMap(
    (s, i) => enumValue(s, AUDIT_STAGES, `${field}[${i}]`, errors) ?? [],
  );
}

function groupResources(v: unknown, field: string, errors: string[]): GroupResources[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    errors.push(`${field}: Invalid value: must be a list`);
    return [];
  }
  return v.map((gr: unknown, i) => {
    const f = `${field}[${i}]`;
    const o = isObject(gr) ? gr : {};
    if (!isObject(gr)) errors.push(`${f}: Invalid value: must be an object`);
    if (o.group !== undefined && typeof o.group !== 'string')
      errors.push(`${f}.group: Invalid value: must be a string`);
    const resources = strings(o.resources, `${f}.resources`, errors);
    const resourceNames = strings(o.resourceNames, `${f}.resourceNames`, errors);
    for (const [j, r] of resources.entries()) {
      if (r === '') errors.push(`${f}.resources[${j}]: Invalid value: "": resource cannot be empty`);
      if (resourceNames.length > 0 && r.includes('*') && r !== '*')
        errors.push(
          `${f}.resources[${j}]: Invalid value: "${r}": using resource names requires exact resources`,
        );
    }
    return { group: typeof o.group === 'string' ? o.group : '', resources, resourceNames };
  });
}

function rule(v: unknown, field: string, errors: string[]): PolicyRule | undefined {
  if (!isObject(v)) {
    errors.push(`${field}: Invalid value: must be an object`);
    return undefined;
  }
  const level = enumValue(v.level, AUDIT_LEVELS, `${field}.level`, errors);
  const resources = groupResources(v.resources, `${field}.resources`, errors);
  const namespaces = strings(v.namespaces, `${field}.namespaces`, errors);
  const nonResourceURLs = strings(v.nonResourceURLs, `${field}.nonResourceURLs`, errors);
  if (nonResourceURLs.length > 0 && (resources.length > 0 || namespaces.length > 0))
    errors.push(
      `${field}.nonResourceURLs: Invalid value: rules cannot apply to both regular resources and non-resource URLs`,
    );
  for (const [i, url] of nonResourceURLs.entries()) {
    if (url !== '*' && !url.startsWith('/'))
      errors.push(
        `${field}.nonResourceURLs[${i}]: Invalid value: "${url}": non-resource URL rules must begin with a '/' character`,
      );
    if (url.slice(0, -1).includes('*'))
      errors.push(
        `${field}.nonResourceURLs[${i}]: Invalid value: "${url}": non-resource URL wildcards ('*') must be the final character of the rule`,
      );
  }
  if (v.omitManagedFields !== undefined && typeof v.omitManagedFields !== 'boolean')
    errors.push(`${field}.omitManagedFields: Invalid value: must be a boolean`);
  if (level === undefined) return undefined;
  return {
    level,
    users: strings(v.users, `${field}.users`, errors),
    userGroups: strings(v.userGroups, `${field}.userGroups`, errors),
    verbs: strings(v.verbs, `${field}.verbs`, errors),
    resources,
    namespaces,
    nonResourceURLs,
    omitStages: stages(v.omitStages, `${field}.omitStages`, errors),
    ...(typeof v.omitManagedFields === 'boolean' ? { omitManagedFields: v.omitManagedFields } : {}),
  };
}

/** Parse a Policy document (YAML or JSON); PolicyError lists every problem. */
export function parsePolicy(text: string): AuditPolicy {
  let doc: unknown;
  try {
    doc = load(text, { json: true });
  } catch (err) {
    throw new PolicyError(
      `audit policy: ${err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err)}`,
    );
  }
  if (!isObject(doc)) throw new PolicyError('audit policy: the document must be a Policy object');
  const errors: string[] = [];
  if (doc.apiVersion !== 'audit.k8s.io/v1')
    errors.push(
      `apiVersion: Unsupported value: ${JSON.stringify(doc.apiVersion ?? '')}: supported values: "audit.k8s.io/v1"`,
    );
  if (doc.kind !== 'Policy')
    errors.push(`kind: Unsupported value: ${JSON.stringify(doc.kind ?? '')}: supported values: "Policy"`);
  const rawRules = doc.rules ?? [];
  if (!Array.isArray(rawRules)) errors.push('rules: Invalid value: must be a list');
  const rules = (Array.isArray(rawRules) ? rawRules : []).flatMap(
    (r: unknown, i) => rule(r, `rules[${i}]`, errors) ?? [],
  );
  const omitStages = stages(doc.omitStages, 'omitStages', errors);
  if (doc.omitManagedFields !== undefined && typeof doc.omitManagedFields !== 'boolean')
    errors.push('omitManagedFields: Invalid value: must be a boolean');
  if (errors.length > 0) throw new PolicyError(`invalid audit policy: ${errors.join('; ')}`);
  return { rules, omitStages, omitManagedFields: doc.omitManagedFields === true, defaultLevel: 'None' };
}

/** Read and parse a policy file; PolicyError (one line) when it is unreadable or invalid. */
export async function loadPolicy(path: string): Promise<AuditPolicy> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new PolicyError(`audit policy file ${path}: ${code === 'ENOENT' ? 'no such file' : code}`);
  }
  try {
    return parsePolicy(text);
  } catch (err) {
    throw new PolicyError(`${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
