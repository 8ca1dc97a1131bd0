/** Impersonation headers on a real server: allowed for cluster-admins, refused for others, on both stores. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestServer, type Backend, type TestServer } from '../support/apiserver.js';

const AGENTS = '/apis/orgplane.io/v1alpha1/namespaces/imp/agents';
const agent = (name: string): unknown => ({
  apiVersion: 'orgplane.io/v1alpha1',
  kind: 'Agent',
  metadata: { name },
  spec: { model: 'm' },
});

describe.each<Backend>(['embedded', 'etcd'])('impersonation on %s', (backend) => {
  let ts: TestServer;
  let userToken = '';

  beforeAll(async () => {
    ts = await startTestServer(backend);
    await ts.call('POST', '/api/v1/namespaces', {
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'imp' } },
    });
    await ts.call('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/imp/rolebindings', {
      body: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'vic-viewer' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'viewer' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'vic' }],
      },
    });
    await ts.call('POST', '/apis/orgplane.io/v1alpha1/serviceaccounts', {
      body: { apiVersion: 'orgplane.io/v1alpha1', kind: 'ServiceAccount', metadata: { name: 'vic' } },
    });
    const tr = await ts.call('POST', '/apis/orgplane.io/v1alpha1/serviceaccounts/vic/token', {
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} },
    });
    userToken = (tr.json as { status: { token: string } }).status.token;
  }, 60_000);

  afterAll(async () => {
    await ts.stop();
  });

  it('runs an admin request as the impersonated user, with that user’s rights', async () => {
    const as = { headers: { 'Impersonate-User': 'vic' } };
    expect((await ts.call('GET', AGENTS, as)).status).toBe(200);
    const create = await ts.call('POST', AGENTS, { ...as, body: agent('a1') });
    expect(create.status).toBe(403);
    expect((create.json as { message: string }).message).toContain(
      'User "vic" cannot create resource "agents"',
    );
    const review = await ts.call('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      headers: { 'Impersonate-User': 'nobody' },
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: {
          resourceAttributes: { verb: 'create', group: 'orgplane.io', resource: 'agents', namespace: 'imp' },
        },
      },
    });
    expect(review.status).toBe(201);
    expect((review.json as { status: { allowed: boolean } }).status.allowed).toBe(false);
  });

  it('refuses impersonation to a user without the impersonate verb, and groups without a user', async () => {
    const r = await ts.call('GET', AGENTS, { token: userToken, headers: { 'Impersonate-User': 'root' } });
    expect(r.status).toBe(403);
    expect((r.json as { message: string }).message).toBe(
      'users "root" is forbidden: User "vic" cannot impersonate resource "users" in API group "" at the cluster scope',
    );
    const g = await ts.call('GET', AGENTS, { headers: { 'Impersonate-Group': 'system:masters' } });
    expect(g.status).toBe(400);
  });
});
