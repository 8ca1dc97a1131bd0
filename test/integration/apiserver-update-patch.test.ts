/**
 * PUT and PATCH through the real HTTPS server on both stores: optimistic concurrency, generation,
 * the status subresource split, merge/json/strategic patches, no-op writes and dry runs.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../api/meta.js';
import { startTestServer, type Backend, type TestServer } from '../support/apiserver.js';
import type { CallResult } from '../support/apiserver.js';
import {
  agent,
  agentsPath,
  create,
  createNamespace,
  expectCode,
  nsPath,
  obj,
  revision,
  writesSince,
  status,
} from '../support/api-helpers.js';

const MERGE = 'application/merge-patch+json';
const JSON_PATCH = 'application/json-patch+json';
const STRATEGIC = 'application/strategic-merge-patch+json';

describe.each<Backend>(['embedded', 'etcd'])('update and patch on %s', (backend) => {
  let ts: TestServer;
  const get = async (name: string): Promise<KubeObject> => obj(await ts.call('GET', agentsPath('u1', name)));
  const patch = (name: string, body: unknown, contentType: string, sub = '', q = ''): Promise<CallResult> =>
    ts.call('PATCH', `${agentsPath('u1', name, sub)}${q}`, { body, contentType });
  const put = (name: string, body: unknown, sub = '', q = ''): Promise<CallResult> =>
    ts.call('PUT', `${agentsPath('u1', name, sub)}${q}`, { body });

  beforeAll(async () => {
    ts = await startTestServer(backend);
    await createNamespace(ts, 'u1');
  }, 60_000);
  afterAll(async () => {
    await ts.stop();
  });

  describe('PUT', () => {
    it('replaces the object and bumps resourceVersion', async () => {
      const a = await create(ts, agentsPath('u1'), agent('put1'));
      const r = await put('put1', { ...a, spec: { model: 'm2' } });
      expect(r.status).toBe(200);
      expect(obj(r).spec).toEqual({ model: 'm2' });
      expect(obj(r).metadata.uid).toBe(a.metadata.uid);
      expect(Number(obj(r).metadata.resourceVersion)).toBeGreaterThan(Number(a.metadata.resourceVersion));
    });

    it('refuses a stale resourceVersion with 409 Conflict', async () => {
      const a = await create(ts, agentsPath('u1'), agent('stale'));
      expectCode(await put('stale', { ...a, spec: { model: 'first' } }), 200);
      const before = await revision(ts);
      const r = await put('stale', { ...a, spec: { model: 'second' } });
      expect(r.status).toBe(409);
      expect(status(r)).toMatchObject({
        reason: 'Conflict',
        message:
          'Operation cannot be fulfilled on agents.orgplane.io "stale": the object has been modified; please apply your changes to the latest version and try again',
        details: { name: 'stale', group: 'orgplane.io', kind: 'agents' },
      });
      expect(await writesSince(ts, before)).toEqual([]);
      expect((await get('stale')).spec).toEqual({ model: 'first' });
    });

    it('requires a resourceVersion on custom kinds (422)', async () => {
      const a = await create(ts, agentsPath('u1'), agent('norv'));
      const { resourceVersion: _rv, ...meta } = a.metadata;
      const r = await put('norv', { ...a, metadata: meta });
      expect(r.status).toBe(422);
      expect(status(r).message).toBe(
        'Agent.orgplane.io "norv" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update',
      );
    });

    it('refuses a name that differs from the URL (400) and a missing object (404)', async () => {
      const a = await create(ts, agentsPath('u1'), agent('named'));
      const r = await put('named', { ...a, metadata: { ...a.metadata, name: 'other' } });
      expect(r.status).toBe(400);
      expect(status(r).message).toBe(
        'the name of the object (other) does not match the name on the URL (named)',
      );
      const missing = await put('ghost', {
        ...agent('ghost'),
        metadata: { name: 'ghost', resourceVersion: '1' },
      });
      expect(missing.status).toBe(404);
      expect(status(missing).message).toBe('agents.orgplane.io "ghost" not found');
    });

    it('bumps generation on spec changes only', async () => {
      const a = await create(ts, agentsPath('u1'), agent('gen'));
      const labelled = obj(await put('gen', { ...a, metadata: { ...a.metadata, labels: { x: 'y' } } }));
      expect(labelled.metadata.generation).toBe(1);
      const changed = obj(await put('gen', { ...labelled, spec: { model: 'm9' } }));
      expect(changed.metadata.generation).toBe(2);
      const status1 = obj(await put('gen', { ...changed, status: { phase: 'Ready' } }, 'status'));
      expect(status1.metadata.generation).toBe(2);
      const patched = obj(await patch('gen', { spec: { description: 'd' } }, MERGE));
      expect(patched.metadata.generation).toBe(3);
      const annotated = obj(await patch('gen', { metadata: { annotations: { a: 'b' } } }, MERGE));
      expect(annotated.metadata.generation).toBe(3);
    });
  });

  describe('status subresource', () => {
    it('the main endpoint ignores status; /status ignores spec and metadata changes', async () => {
      const a = await create(ts, agentsPath('u1'), agent('split'));
      const main = obj(await put('split', { ...a, spec: { model: 'new' }, status: { phase: 'Ready' } }));
      expect(main.spec).toEqual({ model: 'new' });
      expect(main['status']).toEqual({ observedGeneration: 0 }); // the schema default, not the client's
      const st = obj(
        await put(
          'split',
          {
            ...main,
            metadata: { ...main.metadata, labels: { sneaky: 'yes' } },
            spec: { model: 'ignored' },
            status: { phase: 'Ready', observedGeneration: 2 },
          },
          'status',
        ),
      );
      expect(st.spec).toEqual({ model: 'new' });
      expect(st['status']).toEqual({ phase: 'Ready', observedGeneration: 2 });
      expect(st.metadata.labels).toBeUndefined();
      const stored = await get('split');
      expect(stored.spec).toEqual({ model: 'new' });
      expect(stored['status']).toEqual({ phase: 'Ready', observedGeneration: 2 });
      // merge patch of the main resource cannot touch status
      const p = obj(await patch('split', { spec: { model: 'p' }, status: { phase: 'Suspended' } }, MERGE));
      expect(p['status']).toEqual({ phase: 'Ready', observedGeneration: 2 });
      // merge patch of /status cannot touch spec
      const ps = obj(
        await patch('split', { spec: { model: 'q' }, status: { phase: 'Suspended' } }, MERGE, 'status'),
      );
      expect(ps.spec).toEqual({ model: 'p' });
      expect(ps['status']).toEqual({ phase: 'Suspended', observedGeneration: 2 });
    });

    it('validates status against the schema', async () => {
      const a = await create(ts, agentsPath('u1'), agent('badstatus'));
      const r = await patch('badstatus', { status: { phase: 'Dancing' } }, MERGE, 'status');
      expect(r.status).toBe(422);
      expect(status(r).message).toBe(
        'Agent.orgplane.io "badstatus" is invalid: status.phase: Unsupported value: "Dancing": supported values: "Pending", "Ready", "Suspended"',
      );
      expect((await get('badstatus')).metadata.resourceVersion).toBe(a.metadata.resourceVersion);
    });
  });

  describe('merge patch', () => {
    it('merges maps and removes keys set to null', async () => {
      await create(
        ts,
        agentsPath('u1'),
        agent('mp', { model: 'm', tools: ['a'] }, { labels: { a: '1', b: '2' } }),
      );
      const r = await patch(
        'mp',
        { metadata: { labels: { a: null, c: '3' } }, spec: { tools: ['b', 'c'] } },
        MERGE,
      );
      expect(r.status).toBe(200);
      expect(obj(r).metadata.labels).toEqual({ b: '2', c: '3' });
      expect(obj(r).spec).toEqual({ model: 'm', tools: ['b', 'c'] });
    });

    it('refuses a stale resourceVersion in the patch with 409', async () => {
      const a = await create(ts, agentsPath('u1'), agent('mp-rv'));
      expectCode(await patch('mp-rv', { spec: { model: 'x' } }, MERGE), 200);
      const r = await patch(
        'mp-rv',
        { metadata: { resourceVersion: a.metadata.resourceVersion }, spec: { model: 'y' } },
        MERGE,
      );
      expect(r.status).toBe(409);
      expect(status(r).message).toContain('the object has been modified');
    });

    it('validates the patched object (422) and stores nothing', async () => {
      const a = await create(ts, agentsPath('u1'), agent('mp-bad'));
      const r = await patch('mp-bad', { spec: { model: null } }, MERGE);
      expect(r.status).toBe(422);
      expect(status(r).message).toBe('Agent.orgplane.io "mp-bad" is invalid: spec.model: Required value');
      expect((await get('mp-bad')).metadata.resourceVersion).toBe(a.metadata.resourceVersion);
    });

    it('answers 404 for a missing object and 400 for a non-object body', async () => {
      expect((await patch('absent', { spec: {} }, MERGE)).status).toBe(404);
      await create(ts, agentsPath('u1'), agent('mp-arr'));
      const r = await patch('mp-arr', [1, 2], MERGE);
      expect(r.status).toBe(400);
      expect(status(r).reason).toBe('BadRequest');
    });
  });

  describe('json patch', () => {
    it('applies add/replace/remove/test operations', async () => {
      await create(ts, agentsPath('u1'), agent('jp', { model: 'm', description: 'd' }));
      const r = await patch(
        'jp',
        [
          { op: 'test', path: '/spec/model', value: 'm' },
          { op: 'replace', path: '/spec/model', value: 'm2' },
          { op: 'remove', path: '/spec/description' },
          { op: 'add', path: '/metadata/labels', value: { k: 'v' } },
        ],
        JSON_PATCH,
      );
      expect(r.status).toBe(200);
      expect(obj(r).spec).toEqual({ model: 'm2' });
      expect(obj(r).metadata.labels).toEqual({ k: 'v' });
    });

    it('refuses a failing test, an unknown op and a missing path without storing', async () => {
      const a = await create(ts, agentsPath('u1'), agent('jp-bad'));
      const failing = await patch('jp-bad', [{ op: 'test', path: '/spec/model', value: 'nope' }], JSON_PATCH);
      expect(failing.status).toBe(422);
      expect(status(failing).reason).toBe('Invalid');
      const unknownOp = await patch('jp-bad', [{ op: 'frobnicate', path: '/spec/model' }], JSON_PATCH);
      expect([400, 422]).toContain(unknownOp.status);
      const missing = await patch('jp-bad', [{ op: 'remove', path: '/spec/nothing/here' }], JSON_PATCH);
      expect(missing.status).toBe(422);
      const notArray = await patch('jp-bad', { op: 'remove' }, JSON_PATCH);
      expect(notArray.status).toBe(400);
      expect((await get('jp-bad')).metadata.resourceVersion).toBe(a.metadata.resourceVersion);
    });

    it('can replace metadata.managedFields, guarded by resourceVersion (kubectl apply upgrade)', async () => {
      const a = await create(
        ts,
        `${agentsPath('u1')}?fieldManager=kubectl-client-side-apply`,
        agent('jp-mf'),
      );
      expect(a.metadata.managedFields?.map((m) => [m.manager, m.operation])).toEqual([
        ['kubectl-client-side-apply', 'Update'],
      ]);
      const replacement = [
        {
          manager: 'kubectl',
          operation: 'Apply',
          apiVersion: 'orgplane.io/v1alpha1',
          time: '2026-01-01T00:00:00Z',
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:spec': { 'f:model': {} } },
        },
      ];
      const ops = (rv: string | undefined): unknown => [
        { op: 'replace', path: '/metadata/managedFields', value: replacement },
        { op: 'replace', path: '/metadata/resourceVersion', value: rv },
      ];
      const stale = await patch('jp-mf', ops('1'), JSON_PATCH);
      expect(stale.status).toBe(409);
      const r = await patch('jp-mf', ops(a.metadata.resourceVersion), JSON_PATCH);
      expect(r.status).toBe(200);
      expect(obj(r).metadata.managedFields?.map((m) => [m.manager, m.operation])).toEqual([
        ['kubectl', 'Apply'],
      ]);
      expect((await get('jp-mf')).metadata.managedFields?.map((m) => m.manager)).toEqual(['kubectl']);
    });
  });

  describe('strategic merge patch', () => {
    it('is 415 on custom kinds', async () => {
      await create(ts, agentsPath('u1'), agent('smp'));
      const r = await patch('smp', { spec: { model: 'x' } }, STRATEGIC);
      expect(r.status).toBe(415);
      expect(status(r)).toMatchObject({
        reason: 'UnsupportedMediaType',
        message:
          'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
      });
      expect((await get('smp')).spec).toEqual({ model: 'm1' });
    });

    it('is accepted on namespaces', async () => {
      await createNamespace(ts, 'smp-ns');
      const r = await ts.call('PATCH', nsPath('smp-ns'), {
        body: { metadata: { labels: { team: 'a' } } },
        contentType: STRATEGIC,
      });
      expect(r.status).toBe(200);
      expect(obj(r).metadata.labels).toEqual({ team: 'a', 'kubernetes.io/metadata.name': 'smp-ns' });
    });

    it('an unknown patch content type is 415', async () => {
      const r = await patch('smp', { spec: {} }, 'text/plain');
      expect(r.status).toBe(415);
    });
  });

  describe('no-op writes and dry runs', () => {
    it('a patch that changes nothing keeps the resourceVersion', async () => {
      const a = await create(ts, agentsPath('u1'), agent('noop', { model: 'm' }, { labels: { a: 'b' } }));
      const before = await revision(ts);
      const r = await patch('noop', { metadata: { labels: { a: 'b' } }, spec: { model: 'm' } }, MERGE);
      expect(r.status).toBe(200);
      expect(obj(r).metadata.resourceVersion).toBe(a.metadata.resourceVersion);
      const same = await put('noop', a);
      expect(obj(same).metadata.resourceVersion).toBe(a.metadata.resourceVersion);
      expect(await writesSince(ts, before)).toEqual([]);
    });

    it('dryRun=All answers the patched object and stores nothing', async () => {
      const a = await create(ts, agentsPath('u1'), agent('dry'));
      const before = await revision(ts);
      const r = await patch('dry', { spec: { model: 'would-be' } }, MERGE, '', '?dryRun=All');
      expect(r.status).toBe(200);
      expect(obj(r).spec).toEqual({ model: 'would-be' });
      expect(obj(r).metadata.generation).toBe(2);
      const p = await put('dry', { ...a, spec: { model: 'would-be-too' } }, '', '?dryRun=All');
      expect(obj(p).spec).toEqual({ model: 'would-be-too' });
      expect(await writesSince(ts, before)).toEqual([]);
      expect((await get('dry')).spec).toEqual({ model: 'm1' });
      const bad = await patch('dry', { spec: {} }, MERGE, '', '?dryRun=Some');
      expect(bad.status).toBe(400);
      expect(status(bad).message).toBe('Invalid dryRun value: "Some": supported values: "All"');
    });
  });
});
