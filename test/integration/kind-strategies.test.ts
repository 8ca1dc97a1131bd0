/**
 * What the kind strategies (apiserver/kinds) add to the generic store, through the real server:
 * an account's password goes with the account, and each kind's name rule holds.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { passwordKey } from '../../apiserver/kinds/serviceaccount.js';
import { startTestServer, type TestServer } from '../support/apiserver.js';

const ORG = '/apis/orgplane.io/v1alpha1';
const RBAC = '/apis/rbac.authorization.k8s.io/v1';

describe('kind strategies through the server', () => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer('embedded');
  }, 60_000);
  afterAll(async () => {
    await ts.stop();
  }, 30_000);

  it("deletes a ServiceAccount's password record in the transaction that deletes the account", async () => {
    const sa = { apiVersion: 'orgplane.io/v1alpha1', kind: 'ServiceAccount', metadata: { name: 'robot' } };
    expect((await ts.call('POST', `${ORG}/serviceaccounts`, { body: sa })).status).toBe(201);
    const set = await ts.call('POST', `${ORG}/serviceaccounts/robot/password`, {
      body: { password: 'correct horse battery' },
    });
    expect(set.status).toBe(201);
    const record = await ts.server.registry.internal.get(passwordKey('robot'));
    expect(record?.value).toContain('"algorithm":"scrypt"');
    expect(record?.value).not.toContain('correct horse battery');
    expect((await ts.call('DELETE', `${ORG}/serviceaccounts/robot`)).status).toBe(200);
    expect(await ts.server.registry.internal.get(passwordKey('robot'))).toBeUndefined();
  });

  it('an Organization name is a DNS label; an RBAC name is a path segment', async () => {
    const org = (name: string): unknown => ({
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Organization',
      metadata: { name },
      spec: {},
    });
    const dotted = await ts.call('POST', `${ORG}/organizations`, { body: org('a.b') });
    expect(dotted.status).toBe(422);
    const role = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'system:kind-strategies:reader' },
      rules: [],
    };
    expect((await ts.call('POST', `${RBAC}/clusterroles`, { body: role })).status).toBe(201);
  });

  it("refuses an RBAC role granting more than its author holds (the RBAC strategy's admission)", async () => {
    const editor = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'kind-strategies:role-editor' },
      rules: [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['create'] }],
    };
    const binding = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'kind-strategies:eve' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: editor.metadata.name },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'eve' }],
    };
    expect((await ts.call('POST', `${RBAC}/clusterroles`, { body: editor })).status).toBe(201);
    expect((await ts.call('POST', `${RBAC}/clusterrolebindings`, { body: binding })).status).toBe(201);
    const wider = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'kind-strategies:wider' },
      rules: [{ apiGroups: ['orgplane.io'], resources: ['agents'], verbs: ['delete'] }],
    };
    const asEve = { body: wider, headers: { 'Impersonate-User': 'eve' } };
    let r = await ts.call('POST', `${RBAC}/clusterroles`, asEve);
    for (let i = 0; i < 50 && r.status === 403 && !r.text.includes('attempting to grant'); i++) {
      await new Promise((done) => setTimeout(done, 50)); // until the RBAC index has eve's binding
      r = await ts.call('POST', `${RBAC}/clusterroles`, asEve);
    }
    expect(r.status).toBe(403);
    expect(r.text).toMatch(/attempting to grant RBAC permissions not currently held/);
  });
});
