import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../api/meta.js';
import { apply, type ApplyOptions, type ApplyResult } from './apply.js';
import { updateManagedFields } from './update.js';
import { agent, API_VERSION, LATER, NOW, SCHEMA } from './testdata.js';

const base = { force: false, schema: SCHEMA, apiVersion: API_VERSION, now: NOW };

function ok(r: ApplyResult): KubeObject {
  if (!r.ok) throw new Error(`apply refused: ${r.status.message ?? ''}`);
  return r.object;
}

const run = (o: Partial<ApplyOptions> & Pick<ApplyOptions, 'live' | 'applied' | 'manager'>): KubeObject =>
  ok(apply({ ...base, ...o }));

const entries = (obj: KubeObject): unknown[] =>
  (obj.metadata.managedFields ?? []).map(({ manager, operation, fieldsV1, time }) => ({
    manager,
    operation,
    fieldsV1,
    time,
  }));

const update = (oldObj: KubeObject, newObj: KubeObject, manager: string): KubeObject => {
  const r = updateManagedFields({
    oldObj,
    newObj,
    manager,
    apiVersion: API_VERSION,
    schema: SCHEMA,
    now: NOW,
  });
  if (!r.ok) throw new Error('update refused');
  return r.object;
};

describe('apply', () => {
  it('creates the object and records the applier', () => {
    const obj = run({ live: undefined, applied: agent({ model: 'm1', tools: ['a'] }), manager: 'kubectl' });
    expect(obj.spec).toEqual({ model: 'm1', tools: ['a'] });
    expect(obj.metadata.managedFields).toEqual([
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: API_VERSION,
        time: '2024-05-01T10:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:spec': { 'f:model': {}, 'f:tools': { 'v:"a"': {} } } },
      },
    ]);
  });

  it('changes nothing when the same configuration is applied again', () => {
    const cfg = agent({ model: 'm1', tools: ['a'] }, { labels: { app: 'x' } });
    const first = run({ live: undefined, applied: cfg, manager: 'kubectl' });
    const again = run({ live: first, applied: cfg, manager: 'kubectl', now: LATER });
    expect(again).toEqual(first);
  });

  it('removes fields the applier no longer applies', () => {
    const first = run({
      live: undefined,
      applied: agent(
        { model: 'm1', description: 'd', tools: ['a', 'b'] },
        { labels: { app: 'x', tier: 't' } },
      ),
      manager: 'kubectl',
    });
    const second = run({
      live: first,
      applied: agent({ model: 'm1', tools: ['a'] }, { labels: { app: 'x' } }),
      manager: 'kubectl',
      now: LATER,
    });
    expect(second.spec).toEqual({ model: 'm1', tools: ['a'] });
    expect(second.metadata.labels).toEqual({ app: 'x' });
    expect(entries(second)).toEqual([
      {
        manager: 'kubectl',
        operation: 'Apply',
        time: '2024-05-01T11:00:00Z',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': { 'f:model': {}, 'f:tools': { 'v:"a"': {} } },
        },
      },
    ]);
  });

  it('does not remove a field someone else has changed since', () => {
    const first = run({
      live: undefined,
      applied: agent({ model: 'm1', description: 'd' }),
      manager: 'kubectl',
    });
    const edited = update(first, agent({ model: 'm1', description: 'edited' }), 'kubectl-edit');
    const second = run({ live: edited, applied: agent({ model: 'm1' }), manager: 'kubectl' });
    expect(second.spec).toEqual({ model: 'm1', description: 'edited' });
  });

  it('keeps a removed field another manager also owns, and the other keeps owning it', () => {
    const first = run({ live: undefined, applied: agent({ model: 'm1', description: 'd' }), manager: 'a' });
    const shared = run({ live: first, applied: agent({ description: 'd' }), manager: 'b' });
    expect(entries(shared).map((e) => (e as { manager: string }).manager)).toEqual(['a', 'b']);
    const dropped = run({ live: shared, applied: agent({ model: 'm1' }), manager: 'a' });
    expect(dropped.spec).toEqual({ model: 'm1', description: 'd' });
    expect(entries(dropped)).toEqual([
      {
        manager: 'a',
        operation: 'Apply',
        time: '2024-05-01T10:00:00Z',
        fieldsV1: { 'f:spec': { 'f:model': {} } },
      },
      {
        manager: 'b',
        operation: 'Apply',
        time: '2024-05-01T10:00:00Z',
        fieldsV1: { 'f:spec': { 'f:description': {} } },
      },
    ]);
  });

  it('refuses to change a field another manager owns, with kube wording', () => {
    const created = update(agent({}), agent({ model: 'm1' }), 'someone-else');
    const r = apply({ ...base, live: created, applied: agent({ model: 'm2' }), manager: 'kubectl' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'Apply failed with 1 conflict: conflict with "someone-else" using orgplane.io/v1alpha1: .spec.model',
      reason: 'Conflict',
      details: {
        causes: [
          {
            reason: 'FieldManagerConflict',
            message: 'conflict with "someone-else" using orgplane.io/v1alpha1',
            field: '.spec.model',
          },
        ],
      },
      code: 409,
    });
  });

  it('lists several conflicts per manager', () => {
    const one = run({ live: undefined, applied: agent({ model: 'm1', description: 'd' }), manager: 'ci' });
    const two = update(
      one,
      agent({ model: 'm1', description: 'd', args: ['x'], tools: ['x'] }),
      'kubectl-edit',
    );
    const cfg = agent({ model: 'm2', description: 'e', args: ['y'], tools: ['y'] });
    const r = apply({ ...base, live: two, applied: cfg, manager: 'me' });
    expect(!r.ok && r.status.message).toBe(
      'Apply failed with 3 conflicts: conflicts with "ci":\n- .spec.description\n- .spec.model\n' +
        'conflicts with "kubectl-edit" using orgplane.io/v1alpha1:\n- .spec.args',
    );
    expect(r.conflicts.map((c) => c.field)).toEqual(['.spec.description', '.spec.model', '.spec.args']);
    // set items are merged, not replaced: adding "y" next to "x" is no conflict
    expect(
      (run({ live: two, applied: agent({ tools: ['y'] }), manager: 'me' }).spec as { tools: string[] }).tools,
    ).toEqual(['x', 'y']);
  });

  it('takes the field over when forced; the former owner loses it', () => {
    const created = update(agent({}), agent({ model: 'm1', description: 'd' }), 'someone-else');
    const forced = run({ live: created, applied: agent({ model: 'm2' }), manager: 'kubectl', force: true });
    expect(forced.spec).toEqual({ model: 'm2', description: 'd' });
    expect(entries(forced)).toEqual([
      {
        manager: 'kubectl',
        operation: 'Apply',
        time: '2024-05-01T10:00:00Z',
        fieldsV1: { 'f:spec': { 'f:model': {} } },
      },
      {
        manager: 'someone-else',
        operation: 'Update',
        time: '2024-05-01T10:00:00Z',
        fieldsV1: { 'f:spec': { 'f:description': {} } },
      },
    ]);
  });

  it('shares a field applied with the value it already has, without conflict', () => {
    const created = update(agent({}), agent({ model: 'm1' }), 'someone-else');
    const shared = run({ live: created, applied: agent({ model: 'm1' }), manager: 'kubectl' });
    expect(entries(shared).length).toBe(2);
  });

  it('merges map-list items by key, keeps others and prunes only the applier items', () => {
    const first = run({
      live: undefined,
      applied: agent({
        connectors: [
          { name: 'a', url: 'ua' },
          { name: 'b', url: 'ub' },
        ],
      }),
      manager: 'kubectl',
    });
    const other = run({
      live: first,
      applied: agent({ connectors: [{ name: 'z', url: 'uz' }] }),
      manager: 'ctl',
    });
    expect((other.spec as { connectors: unknown[] }).connectors).toEqual([
      { name: 'a', url: 'ua' },
      { name: 'b', url: 'ub' },
      { name: 'z', url: 'uz' },
    ]);
    const pruned = run({
      live: other,
      applied: agent({ connectors: [{ name: 'b', url: 'ub2' }] }),
      manager: 'kubectl',
    });
    expect((pruned.spec as { connectors: unknown[] }).connectors).toEqual([
      { name: 'b', url: 'ub2' },
      { name: 'z', url: 'uz' },
    ]);
    expect(entries(pruned)[1]).toMatchObject({
      manager: 'kubectl',
      fieldsV1: {
        'f:spec': { 'f:connectors': { 'k:{"name":"b"}': { '.': {}, 'f:name': {}, 'f:url': {} } } },
      },
    });
  });

  it('replaces atomic lists and atomic maps whole', () => {
    const first = run({
      live: undefined,
      applied: agent({ args: ['a', 'b'], settings: { x: '1' } }),
      manager: 'one',
    });
    const r = apply({ ...base, live: first, applied: agent({ args: ['c'] }), manager: 'two' });
    expect(!r.ok && r.conflicts.map((c) => c.field)).toEqual(['.spec.args']);
    const forced = run({
      live: first,
      applied: agent({ args: ['c'], settings: { y: '2' } }),
      manager: 'two',
      force: true,
    });
    expect(forced.spec).toEqual({ args: ['c'], settings: { y: '2' } });
    expect(forced.metadata.managedFields?.map((e) => e.manager)).toEqual(['two']);
  });

  it('gives each label and annotation its own owner', () => {
    const one = run({
      live: undefined,
      applied: agent({}, { labels: { app: 'x' }, annotations: { a: '1' } }),
      manager: 'one',
    });
    const two = run({ live: one, applied: agent({}, { labels: { tier: 'web' } }), manager: 'two' });
    expect(two.metadata.labels).toEqual({ app: 'x', tier: 'web' });
    const r = apply({ ...base, live: two, applied: agent({}, { labels: { app: 'y' } }), manager: 'two' });
    expect(!r.ok && r.status.message).toBe(
      'Apply failed with 1 conflict: conflict with "one": .metadata.labels.app',
    );
    const dropped = run({ live: two, applied: agent({}, {}), manager: 'one' });
    expect(dropped.metadata.labels).toEqual({ tier: 'web' });
    expect(dropped.metadata.annotations).toBeUndefined();
  });

  it('keeps status out of the main resource and spec out of the status subresource', () => {
    const live = {
      ...run({ live: undefined, applied: agent({ model: 'm' }), manager: 'k' }),
      status: { phase: 'Ready' },
    };
    const main = run({
      live,
      applied: { ...agent({ model: 'm' }), status: { phase: 'Nope' } },
      manager: 'k',
      statusSubresource: true,
    });
    expect(main.status).toEqual({ phase: 'Ready' });
    const status = run({
      live,
      applied: { ...agent({ model: 'other' }), status: { phase: 'Pending' } },
      manager: 'ctrl',
      statusSubresource: true,
      subresource: 'status',
    });
    expect(status.spec).toEqual({ model: 'm' });
    expect(status.status).toEqual({ phase: 'Pending' });
    expect(status.metadata.managedFields?.find((e) => e.manager === 'ctrl')).toMatchObject({
      subresource: 'status',
      fieldsV1: { 'f:status': { 'f:phase': {} } },
    });
  });
});
