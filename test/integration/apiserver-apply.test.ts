/**
 * Server-side apply (PATCH application/apply-patch+yaml) through the real HTTPS server on both
 * stores: create and update codes, managedFields, conflicts in kube's wording, force, dry runs and
 * the PatchOptions checks.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ManagedFieldsEntry } from '../../api/meta.js';
import { startTestServer, type Backend, type CallResult, type TestServer } from '../support/apiserver.js';
import { agentsPath, createNamespace, obj, revision, status, writesSince } from '../support/api-helpers.js';

const APPLY = 'application/apply-patch+yaml';

const entries = (r: CallResult): [string, string][] =>
  (obj(r).metadata.managedFields ?? []).map((m: ManagedFieldsEntry) => [m.manager, m.operation]);

const fieldsOf = (r: CallResult, manager: string): unknown =>
  obj(r).metadata.managedFields?.find((m) => m.manager === manager)?.fieldsV1;

describe.each<Backend>(['embedded', 'etcd'])('server-side apply on %s', (backend) => {
  let ts: TestServer;
  const apply = (name: string, body: unknown, manager: string | undefined, q = ''): Promise<CallResult> =>
    ts.call('PATCH', `${agentsPath('ap', name)}?${manager ? `fieldManager=${manager}&` : ''}${q}`, {
      body,
      contentType: APPLY,
    });
  const cfg = (name: string, spec: Record<string, unknown>, labels?: Record<string, string>): unknown => ({
    apiVersion: 'orgplane.io/v1alpha1',
    kind: 'Agent',
    metadata: { name, ...(labels ? { labels } : {}) },
    spec,
  });

  beforeAll(async () => {
    ts = await startTestServer(backend);
    await createNamespace(ts, 'ap');
  }, 60_000);
  afterAll(async () => {
    await ts.stop();
  });

  it('creates with 201 and records an Apply entry', async () => {
    const r = await apply('s1', cfg('s1', { model: 'm1', tools: ['search'] }, { app: 'x' }), 'alice');
    expect(r.status).toBe(201);
    expect(obj(r)).toMatchObject({
      metadata: { name: 's1', namespace: 'ap', generation: 1, labels: { app: 'x' } },
      spec: { model: 'm1', tools: ['search'] },
    });
    expect(entries(r)).toEqual([['alice', 'Apply']]);
    const entry = obj(r).metadata.managedFields?.[0];
    expect(entry).toMatchObject({ apiVersion: 'orgplane.io/v1alpha1', fieldsType: 'FieldsV1' });
    expect(entry?.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(entry?.fieldsV1).toEqual({
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': { 'f:model': {}, 'f:tools': { 'v:"search"': {} } },
    });
  });

  it('accepts YAML bodies and updates with 200', async () => {
    const yaml =
      'apiVersion: orgplane.io/v1alpha1\nkind: Agent\nmetadata:\n  name: s1\n  labels:\n    app: x\nspec:\n  model: m2\n  tools: [search]\n';
    const r = await apply('s1', yaml, 'alice');
    expect(r.status).toBe(200);
    expect(obj(r).spec).toEqual({ model: 'm2', tools: ['search'] });
    expect(obj(r).metadata.generation).toBe(2);
  });

  it('re-applying the same configuration changes nothing', async () => {
    const before = await ts.call('GET', agentsPath('ap', 's1'));
    const rev = await revision(ts);
    const r = await apply('s1', cfg('s1', { model: 'm2', tools: ['search'] }, { app: 'x' }), 'alice');
    expect(r.status).toBe(200);
    expect(obj(r).metadata.resourceVersion).toBe(obj(before).metadata.resourceVersion);
    expect(await writesSince(ts, rev)).toEqual([]);
  });

  it('removes fields the manager no longer applies', async () => {
    const r = await apply('s1', cfg('s1', { model: 'm2' }), 'alice');
    expect(r.status).toBe(200);
    expect(obj(r).spec).toEqual({ model: 'm2' });
    expect(obj(r).metadata.labels).toBeUndefined();
    expect(fieldsOf(r, 'alice')).toEqual({ 'f:spec': { 'f:model': {} } });
  });

  it('refuses a conflicting apply with 409 in kube wording and changes nothing', async () => {
    const rev = await revision(ts);
    const r = await apply('s1', cfg('s1', { model: 'bob-model' }), 'bob');
    expect(r.status).toBe(409);
    expect(status(r)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Apply failed with 1 conflict: conflict with "alice": .spec.model',
      reason: 'Conflict',
      details: {
        causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "alice"', field: '.spec.model' }],
      },
      code: 409,
    });
    expect(await writesSince(ts, rev)).toEqual([]);
  });

  it('names an Update manager with its apiVersion in a conflict', async () => {
    await apply('s2', cfg('s2', { model: 'a', description: 'd' }), 'alice');
    const edit = await ts.call('PATCH', `${agentsPath('ap', 's2')}?fieldManager=kubectl-edit`, {
      body: { spec: { model: 'edited', description: 'e' } },
      contentType: 'application/merge-patch+json',
    });
    expect(edit.status).toBe(200);
    // the edit took both of alice's fields, so her entry is gone
    expect(entries(edit)).toEqual([['kubectl-edit', 'Update']]);
    const r = await apply('s2', cfg('s2', { model: 'b', description: 'f' }), 'alice');
    expect(r.status).toBe(409);
    expect(status(r).message).toBe(
      'Apply failed with 2 conflicts: conflicts with "kubectl-edit" using orgplane.io/v1alpha1:\n- .spec.description\n- .spec.model',
    );
    expect(
      status(r)
        .details?.causes?.map((c) => c.field)
        .sort(),
    ).toEqual(['.spec.description', '.spec.model']);
  });

  it('force=true takes the fields over', async () => {
    const r = await apply('s1', cfg('s1', { model: 'bob-model' }), 'bob', 'force=true');
    expect(r.status).toBe(200);
    expect(obj(r).spec).toEqual({ model: 'bob-model' });
    expect(fieldsOf(r, 'bob')).toEqual({ 'f:spec': { 'f:model': {} } });
    // alice lost her only field, so her entry is gone
    expect(entries(r)).toEqual([['bob', 'Apply']]);
  });

  it('a dry-run apply answers the result and stores nothing', async () => {
    const rev = await revision(ts);
    const r = await apply('s3', cfg('s3', { model: 'dry' }), 'alice', 'dryRun=All');
    expect(r.status).toBe(201);
    expect(obj(r).spec).toEqual({ model: 'dry' });
    expect((await ts.call('GET', agentsPath('ap', 's3'))).status).toBe(404);
    expect(await writesSince(ts, rev)).toEqual([]);
  });

  it('validates the applied object (422) and the configuration shape (400)', async () => {
    const bad = await apply('s4', cfg('s4', { tools: [''] }), 'alice');
    expect(bad.status).toBe(422);
    expect(
      status(bad)
        .details?.causes?.map((c) => c.field)
        .sort(),
    ).toEqual(['spec.model', 'spec.tools[0]']);
    const noKind = await apply('s4', { metadata: { name: 's4' }, spec: { model: 'm' } }, 'alice');
    expect(noKind.status).toBe(400);
    const otherName = await apply('s4', cfg('other', { model: 'm' }), 'alice');
    expect(otherName.status).toBe(400);
    const yaml = await apply('s4', 'spec: [unclosed', 'alice');
    expect(yaml.status).toBe(400);
    expect((await ts.call('GET', agentsPath('ap', 's4'))).status).toBe(404);
  });

  it('requires a fieldManager: kube answers 422 on PatchOptions', async () => {
    const r = await apply('s5', cfg('s5', { model: 'm' }), undefined);
    expect(r.status).toBe(422);
    expect(status(r)).toMatchObject({
      reason: 'Invalid',
      message:
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      details: {
        group: 'meta.k8s.io',
        kind: 'PatchOptions',
        causes: [
          {
            reason: 'FieldValueRequired',
            message: 'Required value: is required for apply patch',
            field: 'fieldManager',
          },
        ],
      },
    });
    expect((await ts.call('GET', agentsPath('ap', 's5'))).status).toBe(404);
  });

  it('refuses force on a non-apply patch', async () => {
    const r = await ts.call('PATCH', `${agentsPath('ap', 's1')}?force=true`, {
      body: { spec: { model: 'x' } },
      contentType: 'application/merge-patch+json',
    });
    expect(r.status).toBe(422);
    expect(status(r).message).toBe(
      'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch',
    );
  });

  it('applies to the status subresource separately', async () => {
    const r = await ts.call('PATCH', `${agentsPath('ap', 's1', 'status')}?fieldManager=ctrl`, {
      body: {
        apiVersion: 'orgplane.io/v1alpha1',
        kind: 'Agent',
        metadata: { name: 's1' },
        status: { phase: 'Ready' },
      },
      contentType: APPLY,
    });
    expect(r.status).toBe(200);
    expect(obj(r)['status']).toEqual({ phase: 'Ready', observedGeneration: 0 });
    expect(obj(r).spec).toEqual({ model: 'bob-model' });
    const ctrl = obj(r).metadata.managedFields?.find((m) => m.manager === 'ctrl');
    expect(ctrl).toMatchObject({
      operation: 'Apply',
      subresource: 'status',
      fieldsV1: { 'f:status': { 'f:phase': {} } },
    });
  });
});
