/**
 * RBAC on real storage (both backends): the bootstrap policy reconciled through the registry, the
 * authorizer's index following storage writes, and escalation prevention in the write pipeline.
 * The registry here runs the server's admission plugins plus rbacEscalation (as start.ts will).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../api/meta.js';
import { AdmissionChain } from '../../apiserver/admission/chain.js';
import { namespaceLifecycle } from '../../apiserver/admission-plugins/namespace-lifecycle.js';
import { rbacEscalation } from '../../apiserver/admission-plugins/rbac-escalation.js';
import type { UserInfo } from '../../api/user.js';
import { AUTOUPDATE_ANNOTATION } from '../../apiserver/authz/bootstrap-policy.js';
import { reconcileBootstrapPolicy } from '../../apiserver/authz/bootstrap-reconcile.js';
import { mastersAuthorizer, unionAuthorizer } from '../../apiserver/authz/masters.js';
import { startRbac, type Rbac } from '../../apiserver/authz/rbac-runtime.js';
import { nonResource, request, roleBinding, subject } from '../../apiserver/authz/testdata.js';
import { isApiError } from '../../apiserver/errors/status.js';
import { silentLogger } from '../../apiserver/observability/logger.js';
import { Registry } from '../../apiserver/registry/registry.js';
import type { Store } from '../../apiserver/registry/store.js';
import type { ObjectValidator, WriteOptions } from '../../apiserver/registry/types.js';
import { validateResource } from '../../apiserver/schema/index.js';
import { startTestServer, type Backend, type TestServer } from '../support/apiserver.js';

const admin: UserInfo = { username: 'admin', groups: ['system:masters'] };
const alice: UserInfo = { username: 'alice', groups: ['orgplane:serviceaccounts', 'system:authenticated'] };
const opts = (user: UserInfo = admin): WriteOptions => ({
  dryRun: false,
  fieldManager: 'test',
  fieldValidation: 'Strict',
  user,
  subresource: '',
});
const rvOf = (o: KubeObject): number => Number(o.metadata.resourceVersion);
const agents = { group: 'orgplane.io', resource: 'agents' };

/** kube validates RBAC names as path segments (`system:discovery`): the rule services.ts must apply */
const rbacNames = (base: ObjectValidator): ObjectValidator => ({
  ...base,
  validate: (res, obj, old) =>
    res.group === 'rbac.authorization.k8s.io'
      ? validateResource(
          obj,
          { schema: res.schema, namespaced: res.namespaced, nameRule: 'pathSegment' },
          old,
        )
      : base.validate(res, obj, old),
});

describe.each<Backend>(['embedded', 'etcd'])('RBAC on %s', (backend) => {
  let ts: TestServer;
  let rbac: Rbac;
  let registry: Registry;
  let store: (plural: string, group?: string, version?: string) => Store;

  beforeAll(async () => {
    ts = await startTestServer(backend);
    const deps = ts.server.registry.deps;
    rbac = startRbac(ts.server.registry.internal, silentLogger());
    const authorizer = unionAuthorizer([mastersAuthorizer, rbac.authorizer]);
    const admission = new AdmissionChain([
      namespaceLifecycle(ts.server.registry.internal),
      rbacEscalation({ resolver: rbac.resolver, authorizer, roles: ts.server.registry.internal }),
    ]);
    registry = new Registry({ ...deps, admission, validator: rbacNames(deps.validator) });
    store = (plural, group = 'rbac.authorization.k8s.io', version = 'v1') => {
      const res = deps.catalog.lookup(group, version, plural);
      if (!res) throw new Error(`${plural} not served`);
      return registry.store(res);
    };
    await rbac.ready;
    await store('namespaces', '', 'v1').create(
      '',
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'acme' } },
      opts(),
    );
  }, 60_000);

  afterAll(async () => {
    rbac.stop();
    await ts.stop();
  });

  it('the server created the bootstrap policy at start; another pass finds nothing to do', async () => {
    const orgAdmin = await store('clusterroles').get('', 'org-admin');
    expect(orgAdmin.metadata.labels?.['kubernetes.io/bootstrapping']).toBe('rbac-defaults');
    const discovery = await store('clusterrolebindings').get('', 'system:discovery');
    expect(discovery.metadata.name).toBe('system:discovery');
    expect(rbac.authorizer.authorize(nonResource(alice, 'get', '/apis')).decision).toBe('allow');
    const again = await reconcileBootstrapPolicy(registry);
    expect(again).toEqual({ created: [], updated: [], skipped: [], revision: 0 });
  });

  it('recreates a deleted role, restores removed rules, keeps added ones, skips opted-out roles', async () => {
    const roles = store('clusterroles');
    await roles.delete({ namespace: '', name: 'viewer', dryRun: false, user: admin });
    const dev = await roles.get('', 'developer');
    const custom = { apiGroups: ['example.com'], resources: ['widgets'], verbs: ['get'] };
    await roles.update('', 'developer', { ...dev, rules: [custom] }, opts());
    const dep = await roles.get('', 'deployer');
    const optedOut = {
      ...dep,
      metadata: { ...dep.metadata, annotations: { [AUTOUPDATE_ANNOTATION]: 'false' } },
      rules: [],
    };
    await roles.update('', 'deployer', optedOut, opts());

    const r = await reconcileBootstrapPolicy(registry);
    expect(r.created).toEqual(['clusterroles/viewer']);
    expect(r.updated).toEqual(['clusterroles/developer']);
    expect(r.skipped).toEqual(['clusterroles/deployer']);
    const developer = await roles.get('', 'developer');
    expect((developer.rules as unknown[])[0]).toEqual(custom);
    expect((developer.rules as unknown[]).length).toBeGreaterThan(1);
    expect((await roles.get('', 'deployer')).rules).toEqual([]);
  });

  it('follows storage: a binding written takes effect, deleted stops', async () => {
    const bindings = store('rolebindings');
    const rb = roleBinding('acme', 'alice-dev', { kind: 'ClusterRole', name: 'developer' }, [
      subject('User', 'alice'),
    ]);
    const created = await bindings.create('acme', rb, opts());
    await rbac.waitFor(rvOf(created.object));
    expect(rbac.authorizer.authorize(request(alice, 'create', agents, 'acme')).reason).toBe(
      'RBAC: allowed by RoleBinding "alice-dev/acme" of ClusterRole "developer" to User "alice"',
    );
    expect(rbac.allowedNamespaces(alice, 'list', 'orgplane.io', 'agents')).toEqual(new Set(['acme']));
    expect(rbac.visibleOrganizations(alice)).toEqual(new Set(['acme']));
    const gone = await bindings.delete({ namespace: 'acme', name: 'alice-dev', dryRun: false, user: admin });
    await rbac.waitFor(rvOf(gone.object));
    expect(rbac.authorizer.authorize(request(alice, 'create', agents, 'acme')).decision).toBe('noOpinion');
  });

  it('refuses escalation in the write pipeline, allows what the user holds', async () => {
    const bindings = store('rolebindings');
    const admin2 = roleBinding('acme', 'alice-admin', { kind: 'ClusterRole', name: 'org-admin' }, [
      subject('User', 'alice'),
    ]);
    await rbac.waitFor(rvOf((await bindings.create('acme', admin2, opts())).object));

    const grab = roleBinding('acme', 'grab', { kind: 'ClusterRole', name: 'cluster-admin' }, [
      subject('User', 'alice'),
    ]);
    const err = await bindings.create('acme', grab, opts(alice)).catch((e: unknown) => e);
    expect(isApiError(err) && err.code).toBe(403);
    expect(isApiError(err) && err.message).toMatch(
      /^rolebindings.rbac.authorization.k8s.io "grab" is forbidden: user "alice" .* not currently held:/,
    );
    const viewer = roleBinding('acme', 'bob-viewer', { kind: 'ClusterRole', name: 'viewer' }, [
      subject('User', 'bob'),
    ]);
    await expect(bindings.create('acme', viewer, opts(alice))).resolves.toMatchObject({ created: true });
  });
});
