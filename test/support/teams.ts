/** Helpers for the teams and groups integration tests: objects, impersonated calls, polling. */
import type { CallResult, TestServer } from './apiserver.js';

const RBAC = 'rbac.authorization.k8s.io';
export const ORG = '/apis/orgplane.io/v1alpha1';

export const agentsPath = (ns: string): string => `${ORG}/namespaces/${ns}/agents`;
export const teamsPath = (org: string): string => `${ORG}/namespaces/${org}/teams`;

export const agent = (name: string): unknown => ({
  apiVersion: 'orgplane.io/v1alpha1',
  kind: 'Agent',
  metadata: { name },
  spec: { model: 'm' },
});

export const team = (name: string, parent?: string, extra: Record<string, unknown> = {}): unknown => ({
  apiVersion: 'orgplane.io/v1alpha1',
  kind: 'Team',
  metadata: { name },
  spec: { ...(parent !== undefined ? { parent } : {}), ...extra },
});

export const binding = (
  name: string,
  role: string,
  subject: { kind: 'User' | 'Group'; name: string },
  annotations?: Record<string, string>,
): unknown => ({
  apiVersion: `${RBAC}/v1`,
  kind: 'RoleBinding',
  metadata: { name, ...(annotations ? { annotations } : {}) },
  roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: role },
  subjects: [{ apiGroup: RBAC, ...subject }],
});

export const as = (user: string): { headers: Record<string, string> } => ({
  headers: { 'Impersonate-User': user },
});

/** POST as admin; throws unless created. */
export async function make(ts: TestServer, path: string, body: unknown): Promise<CallResult> {
  const r = await ts.call('POST', path, { body });
  if (r.status !== 201) throw new Error(`POST ${path}: ${String(r.status)} ${r.text}`);
  return r;
}

export async function bind(ts: TestServer, ns: string, body: unknown): Promise<void> {
  await make(ts, `/apis/${RBAC}/v1/namespaces/${ns}/rolebindings`, body);
}

/** SelfSubjectAccessReview of user: allowed? */
export async function canI(
  ts: TestServer,
  user: string,
  verb: string,
  resource: string,
  namespace: string,
): Promise<boolean> {
  const r = await ts.call('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
    ...as(user),
    body: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { verb, group: 'orgplane.io', resource, namespace } },
    },
  });
  return (r.json as { status: { allowed: boolean } }).status.allowed;
}

/** SelfSubjectRulesReview of user: does some rule allow verb on orgplane.io resource? */
export async function rulesAllow(
  ts: TestServer,
  user: string,
  verb: string,
  resource: string,
  namespace: string,
): Promise<boolean> {
  const r = await ts.call('POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', {
    ...as(user),
    body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace } },
  });
  const rules = (
    r.json as { status: { resourceRules: { verbs: string[]; apiGroups: string[]; resources: string[] }[] } }
  ).status.resourceRules;
  const has = (xs: string[], x: string): boolean => xs.includes(x) || xs.includes('*');
  return rules.some(
    (rule) => has(rule.verbs, verb) && has(rule.apiGroups, 'orgplane.io') && has(rule.resources, resource),
  );
}

/** Polls until fn answers true (the authorizer follows storage through a watch). */
export async function eventually(fn: () => Promise<boolean>, ms = 5000): Promise<boolean> {
  const until = Date.now() + ms;
  for (;;) {
    if (await fn()) return true;
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}
