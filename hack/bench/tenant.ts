/**
 * The tenants of a benchmark run, made as an operator would (as the bootstrap admin): one
 * Organization per org name with a large agents quota, and one ServiceAccount member bound to the
 * developer ClusterRole in each; the member's token (a TokenRequest) drives every measured call.
 */
import { apiClient, type ApiClient, type Credentials } from './client.js';
import type { ProductServer } from './server.js';

export const API = '/apis/orgplane.io/v1alpha1';
export const MEMBER = 'bench-member';
/** room for every create, seed and watch write of a run: exact quota stays on, it never bites */
const QUOTA = 100_000_000;

async function must(c: ApiClient, method: string, path: string, body: unknown): Promise<string> {
  const a = await c.call(method, path, body);
  if (a.status < 200 || a.status > 299) throw new Error(`${method} ${path} answered ${a.status}: ${a.text}`);
  return a.text;
}

const organization = (name: string): unknown => ({
  apiVersion: 'orgplane.io/v1alpha1',
  kind: 'Organization',
  metadata: { name },
  spec: { displayName: `Bench ${name}`, plan: 'professional', quota: { agents: QUOTA } },
});

const binding = (ns: string): unknown => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name: `${MEMBER}-developer`, namespace: ns },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'developer' },
  subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: MEMBER }],
});

/** Until fn() holds, polling every 100 ms for at most capMs. */
async function until(what: string, capMs: number, fn: () => Promise<boolean>): Promise<void> {
  const deadline = performance.now() + capMs;
  while (!(await fn())) {
    if (performance.now() > deadline) throw new Error(`${what}: not within ${capMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Creates the organizations (when missing) and the member; returns the member's credentials. */
export async function setUpTenants(
  server: ProductServer,
  orgs: readonly string[],
  capMs: number,
): Promise<Credentials> {
  const admin = apiClient({ url: server.url, caCert: server.caCert, token: server.adminToken }, 4);
  try {
    for (const org of orgs) {
      const got = await admin.call('GET', `${API}/organizations/${org}`);
      if (got.status === 404) await must(admin, 'POST', `${API}/organizations`, organization(org));
      const rb = await admin.call(
        'GET',
        `/apis/rbac.authorization.k8s.io/v1/namespaces/${org}/rolebindings/${MEMBER}-developer`,
      );
      if (rb.status === 404)
        await must(
          admin,
          'POST',
          `/apis/rbac.authorization.k8s.io/v1/namespaces/${org}/rolebindings`,
          binding(org),
        );
    }
    const sa = await admin.call('GET', `${API}/serviceaccounts/${MEMBER}`);
    if (sa.status === 404)
      await must(admin, 'POST', `${API}/serviceaccounts`, {
        apiVersion: 'orgplane.io/v1alpha1',
        kind: 'ServiceAccount',
        metadata: { name: MEMBER },
        spec: { description: 'make bench: the organization member driving every API figure' },
      });
    const tr = await must(admin, 'POST', `${API}/serviceaccounts/${MEMBER}/token`, {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: { expirationSeconds: 4 * 3600 },
    });
    const token = (JSON.parse(tr) as { status: { token: string } }).status.token;
    const cred = { url: server.url, caCert: server.caCert, token };
    const member = apiClient(cred, 1);
    try {
      for (const org of orgs)
        await until(`${org} Active and ${MEMBER} may list its agents`, capMs, async () => {
          const o = await admin.call('GET', `${API}/organizations/${org}`);
          const phase = (JSON.parse(o.text) as { status?: { phase?: string } }).status?.phase;
          if (phase !== 'Active') return false;
          return (await member.call('GET', `${API}/namespaces/${org}/agents?limit=1`)).status === 200;
        });
    } finally {
      member.close();
    }
    return cred;
  } finally {
    admin.close();
  }
}
