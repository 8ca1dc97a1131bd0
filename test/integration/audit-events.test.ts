// AuditEvent objects written by the audit trail's object backend into a real store, then read back
// through the registry with the AuditEvent field set, and over HTTP.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { KubeObject } from '../../api/meta.js';
import type { ResourceInfo } from '../../api/resource.js';
import { auditEventFieldSet } from '../../apiserver/kinds/auditevent-fields.js';
import { AUDIT_EVENTS, objectBackend } from '../../apiserver/audit/object-backend.js';
import { SYSTEM_NAMESPACE } from '../../apiserver/audit/placement.js';
import { sampleRecord } from '../../apiserver/audit/testdata.js';
import type { AuditRecord } from '../../apiserver/audit/types.js';
import { objectKey } from '../../apiserver/registry/keys.js';
import { selection } from '../../apiserver/server/select.js';
import { startTestServer, type Backend, type TestServer } from '../support/apiserver.js';

let seq = 0;
const id = (): string => `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`;

function event(overrides: Partial<AuditRecord>): AuditRecord {
  return sampleRecord({ auditID: id(), ...overrides });
}

describe.each<Backend>(['embedded', 'etcd'])('AuditEvent objects (%s)', (backend) => {
  let ts: TestServer;
  let res: ResourceInfo;

  const list = async (
    namespace: string,
    fieldSelector?: string,
    labelSelector?: string,
  ): Promise<KubeObject[]> => {
    const sel = selection(res, labelSelector, fieldSelector, auditEventFieldSet);
    return (await ts.server.registry.store(res).list({ namespace, ...sel })).items;
  };
  const names = (objs: KubeObject[]): string[] => objs.map((o) => o.metadata.name ?? '').sort();

  beforeAll(async () => {
    ts = await startTestServer(backend);
    const found = ts.server.registry.catalog.lookup('orgplane.io', 'v1alpha1', 'auditevents');
    if (!found) throw new Error('auditevents are not served');
    res = found;
    const org = {
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Organization',
      metadata: { name: 'acme-corp' },
      spec: {},
    };
    expect((await ts.call('POST', '/apis/orgplane.io/v1alpha1/organizations', { body: org })).status).toBe(
      201,
    );
  }, 90_000);
  afterAll(async () => {
    await ts.stop();
  }, 30_000);

  test('places events by target organization and reads them back by field selectors', async () => {
    const objects = objectBackend({ client: ts.server.registry, retentionSeconds: 3600 });
    const created = event({ user: { username: 'alice' } });
    const denied = event({
      verb: 'list',
      user: { username: 'bob' },
      objectRef: {
        resource: 'agents',
        namespace: 'acme-corp',
        apiGroup: 'orgplane.io',
        apiVersion: 'v1alpha1',
      },
      responseStatus: { metadata: {}, code: 403, status: 'Failure', reason: 'Forbidden' },
      annotations: { 'authorization.k8s.io/decision': 'forbid' },
    });
    const onOrg = event({
      verb: 'get',
      objectRef: {
        resource: 'organizations',
        name: 'acme-corp',
        apiGroup: 'orgplane.io',
        apiVersion: 'v1alpha1',
      },
    });
    const cluster = event({
      verb: 'list',
      objectRef: { resource: 'clusterroles', apiGroup: 'rbac.authorization.k8s.io', apiVersion: 'v1' },
    });
    const ghost = event({
      objectRef: { resource: 'agents', namespace: 'ghost', apiGroup: 'orgplane.io', apiVersion: 'v1alpha1' },
      responseStatus: { metadata: {}, code: 404, status: 'Failure', reason: 'NotFound' },
    });
    const { objectRef: _ref, ...nonResource } = event({ verb: 'get', requestURI: '/version' });
    await objects.process([created, denied, onOrg, cluster, ghost, nonResource]);

    expect(names(await list('acme-corp'))).toEqual([created.auditID, denied.auditID, onOrg.auditID].sort());
    expect(names(await list(SYSTEM_NAMESPACE))).toEqual(
      [cluster.auditID, ghost.auditID, nonResource.auditID].sort(),
    );
    expect(names(await list('acme-corp', 'decision=forbid'))).toEqual([denied.auditID]);
    expect(names(await list('acme-corp', 'user=bob,verb=list,responseStatus.code=403'))).toEqual([
      denied.auditID,
    ]);
    expect(names(await list('acme-corp', 'user.username=alice,resource=agents'))).toEqual([created.auditID]);
    expect(names(await list('', 'objectRef.namespace=ghost'))).toEqual([ghost.auditID]);
    expect(names(await list('', `metadata.name=${onOrg.auditID}`))).toEqual([onOrg.auditID]);
    expect(
      await list('acme-corp', 'stage=ResponseComplete', 'audit.orgplane.io/date in (2026-11-22)'),
    ).toHaveLength(3);
    expect(await list('acme-corp', undefined, 'audit.orgplane.io/hour=2026-11-21T10')).toHaveLength(0);
    expect(() => selection(res, undefined, 'requestURI=/x', auditEventFieldSet)).toThrow(
      /field label not supported: requestURI/,
    );

    // stored like any object: uid, creationTimestamp, on the retention lease of its time bucket
    const got = await ts.call(
      'GET',
      `/apis/orgplane.io/v1alpha1/namespaces/acme-corp/auditevents/${denied.auditID}`,
    );
    expect(got.status).toBe(200);
    expect(got.json).toMatchObject({
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'AuditEvent',
      metadata: { name: denied.auditID, namespace: 'acme-corp', creationTimestamp: '2026-11-22T10:15:30Z' },
      auditID: denied.auditID,
      user: { username: 'bob' },
      annotations: { 'authorization.k8s.io/decision': 'forbid' },
    });
    expect((got.json as KubeObject).metadata.uid).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const kvs = await Promise.all(
      [created, denied, cluster].map((e) =>
        ts.server.storage.get(
          objectKey(AUDIT_EVENTS, e === cluster ? SYSTEM_NAMESPACE : 'acme-corp', e.auditID),
        ),
      ),
    );
    expect(kvs.every((kv) => kv !== undefined && kv.lease !== 0)).toBe(true);
    expect(new Set(kvs.map((kv) => kv?.lease)).size).toBe(1);
    const ns = await ts.call('GET', `/api/v1/namespaces/${SYSTEM_NAMESPACE}`);
    expect(ns.json).toMatchObject({ metadata: { name: SYSTEM_NAMESPACE }, status: { phase: 'Active' } });
  });

  test('a later stage of a request replaces the earlier one; large bodies are truncated', async () => {
    const objects = objectBackend({ client: ts.server.registry, retentionSeconds: 3600 });
    const watchID = id();
    const started = event({ auditID: watchID, verb: 'watch', stage: 'ResponseStarted' });
    await objects.process([started]);
    const first = await ts.server.registry.store(res).get('acme-corp', watchID);
    expect(first).toMatchObject({ stage: 'ResponseStarted' });
    const sameBatch = id();
    const big = event({ level: 'RequestResponse', responseObject: { blob: 'x'.repeat(300 * 1024) } });
    await objects.process([
      { ...started, stage: 'ResponseComplete' },
      event({ auditID: sameBatch, stage: 'ResponseStarted' }),
      event({ auditID: sameBatch, stage: 'ResponseComplete' }),
      big,
    ]);
    const done = await ts.server.registry.store(res).get('acme-corp', watchID);
    expect(done).toMatchObject({ stage: 'ResponseComplete', metadata: { uid: first.metadata.uid } });
    expect(await ts.server.registry.store(res).get('acme-corp', sameBatch)).toMatchObject({
      stage: 'ResponseComplete',
    });
    const truncated = await ts.server.registry.store(res).get('acme-corp', big.auditID);
    expect(truncated.responseObject).toBeUndefined();
    expect(truncated.annotations).toMatchObject({ 'audit.k8s.io/truncated': 'true' });
  });

  test('writes batches larger than one transaction allows', async () => {
    const objects = objectBackend({ client: ts.server.registry, retentionSeconds: 3600 });
    const batch = Array.from({ length: 250 }, () =>
      event({
        objectRef: {
          resource: 'agents',
          namespace: 'acme-corp',
          apiGroup: 'orgplane.io',
          apiVersion: 'v1alpha1',
        },
        verb: 'patch',
      }),
    );
    await objects.process(batch);
    expect(await list('acme-corp', 'verb=patch')).toHaveLength(250);
  });

  test('expires events with their bucket lease after the retention', async () => {
    const objects = objectBackend({ client: ts.server.registry, retentionSeconds: 2, bucketSeconds: 1 });
    const short = event({ verb: 'deletecollection' });
    await objects.process([short]);
    expect(await list('acme-corp', 'verb=deletecollection')).toHaveLength(1);
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && (await list('acme-corp', 'verb=deletecollection')).length > 0)
      await new Promise((r) => setTimeout(r, 250));
    expect(await list('acme-corp', 'verb=deletecollection')).toHaveLength(0);
  }, 20_000);
});
