/**
 * Kubernetes features users try first, through the real server on both stores: a binding's
 * roleRef is immutable (422 as kube words it), SelfSubjectReview (`kubectl auth whoami`) for the
 * admin and a ServiceAccount token, and signing key rotation (old tokens keep verifying, new ones
 * carry the new kid, the JWKS serves both).
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- CallResult.json is the parsed body */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeProtectedHeader } from 'jose';
import { startTestServer, type Backend, type TestServer } from '../support/apiserver.js';

const RBAC = '/apis/rbac.authorization.k8s.io/v1';
const ORG = '/apis/orgplane.io/v1alpha1';
const SSR = '/apis/authentication.k8s.io/v1/selfsubjectreviews';
const ssrBody = { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview', metadata: {} };

const roleRef = (name: string) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name });

describe.each<Backend>(['embedded', 'etcd'])('kube features on %s', (backend) => {
  let ts: TestServer;

  async function tokenOf(account: string): Promise<string> {
    const r = await ts.call('POST', `${ORG}/serviceaccounts/${account}/token`, {
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} },
    });
    expect(r.status).toBe(201);
    return r.json.status.token as string;
  }

  beforeAll(async () => {
    ts = await startTestServer(backend);
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'acme' } };
    expect((await ts.call('POST', '/api/v1/namespaces', { body: ns })).status).toBe(201);
    const sa = { apiVersion: 'orgplane.io/v1alpha1', kind: 'ServiceAccount', metadata: { name: 'alice' } };
    expect((await ts.call('POST', `${ORG}/serviceaccounts`, { body: sa })).status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await ts.stop();
  }, 30_000);

  describe('roleRef', () => {
    const binding = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'x', namespace: 'acme' },
      roleRef: roleRef('viewer'),
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' }],
    };
    const path = `${RBAC}/namespaces/acme/rolebindings/x`;
    const message =
      'RoleBinding.rbac.authorization.k8s.io "x" is invalid: roleRef: Invalid value: ' +
      '{"APIGroup":"rbac.authorization.k8s.io","Kind":"ClusterRole","Name":"developer"}: cannot change roleRef';

    it('refuses an update or a patch changing it with 422 in kube wording', async () => {
      expect((await ts.call('POST', `${RBAC}/namespaces/acme/rolebindings`, { body: binding })).status).toBe(
        201,
      );
      const current = (await ts.call('GET', path)).json;
      const put = await ts.call('PUT', path, { body: { ...current, roleRef: roleRef('developer') } });
      expect(put.status).toBe(422);
      expect(put.json).toMatchObject({
        reason: 'Invalid',
        message,
        details: {
          name: 'x',
          kind: 'RoleBinding',
          causes: [{ field: 'roleRef', reason: 'FieldValueInvalid' }],
        },
      });
      const patch = await ts.call('PATCH', path, {
        body: { roleRef: { name: 'developer' } },
        contentType: 'application/merge-patch+json',
      });
      expect(patch.status).toBe(422);
      expect(patch.json.message).toBe(message);
      expect((await ts.call('GET', path)).json.roleRef).toEqual(roleRef('viewer'));
    });

    it('lets an update keep it and change the subjects', async () => {
      const current = (await ts.call('GET', path)).json;
      const subjects = [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'bob' }];
      const put = await ts.call('PUT', path, { body: { ...current, subjects } });
      expect(put.status).toBe(200);
      expect(put.json.subjects).toEqual(subjects);
    });

    it('holds for a ClusterRoleBinding too', async () => {
      const crb = { ...binding, kind: 'ClusterRoleBinding', metadata: { name: 'crb-x' } };
      expect((await ts.call('POST', `${RBAC}/clusterrolebindings`, { body: crb })).status).toBe(201);
      const patch = await ts.call('PATCH', `${RBAC}/clusterrolebindings/crb-x`, {
        body: [{ op: 'replace', path: '/roleRef/name', value: 'developer' }],
        contentType: 'application/json-patch+json',
      });
      expect(patch.status).toBe(422);
      expect(patch.json.message).toBe(
        message.replace('RoleBinding.', 'ClusterRoleBinding.').replace('"x"', '"crb-x"'),
      );
    });
  });

  describe('SelfSubjectReview', () => {
    it('is listed in discovery as create-only', async () => {
      const r = await ts.call('GET', '/apis/authentication.k8s.io/v1');
      expect(r.status).toBe(200);
      expect(r.json.resources).toContainEqual(
        expect.objectContaining({ name: 'selfsubjectreviews', kind: 'SelfSubjectReview', verbs: ['create'] }),
      );
    });

    it('answers the admin and a ServiceAccount token with who they are', async () => {
      const admin = await ts.call('POST', SSR, { body: ssrBody });
      expect(admin.status).toBe(201);
      expect(admin.json).toMatchObject({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
      expect(admin.json.status.userInfo.groups).toContain('system:masters');
      const token = await tokenOf('alice');
      const alice = await ts.call('POST', SSR, { body: ssrBody, token });
      expect(alice.status).toBe(201);
      expect(alice.json.status.userInfo).toMatchObject({
        username: 'alice',
        groups: expect.arrayContaining(['orgplane:serviceaccounts', 'system:authenticated']),
      });
      expect((await ts.call('GET', `${SSR}/x`, { token })).status).not.toBe(200);
    });
  });

  describe('signing key rotation', () => {
    it('signs new tokens with a new key while old tokens verify and the JWKS serves both', async () => {
      const before = await tokenOf('alice');
      const oldKid = decodeProtectedHeader(before).kid;
      const rotated = await ts.call('POST', '/signing-keys/rotate');
      expect(rotated.status).toBe(201);
      const newKid = rotated.json.kid as string;
      expect(newKid).not.toBe(oldKid);
      expect(rotated.json.keys).toEqual([
        expect.objectContaining({ kid: newKid, active: true }),
        expect.objectContaining({ kid: oldKid, active: false, retiredAt: expect.any(String) }),
      ]);
      const after = await tokenOf('alice');
      expect(decodeProtectedHeader(after).kid).toBe(newKid);
      for (const token of [before, after]) {
        const r = await ts.call('POST', SSR, { body: ssrBody, token });
        expect(r.status).toBe(201);
        expect(r.json.status.userInfo.username).toBe('alice');
      }
      const jwks = await ts.call('GET', '/openid/v1/jwks', { token: null });
      expect((jwks.json.keys as { kid: string }[]).map((k) => k.kid).sort()).toEqual([newKid, oldKid].sort());
    });

    it('is for cluster-admins only', async () => {
      const token = await tokenOf('alice');
      const r = await ts.call('POST', '/signing-keys/rotate', { token });
      expect(r.status).toBe(403);
      expect(r.json.message).toContain('forbidden: User "alice" cannot post path "/signing-keys/rotate"');
    });
  });
});
