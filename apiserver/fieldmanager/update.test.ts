import { describe, expect, it } from '@jest/globals';
import type { KubeObject, ManagedFieldsEntry } from '../../api/meta.js';
import { updateManagedFields, type UpdateOptions } from './update.js';
import { agent, API_VERSION, LATER, NOW, SCHEMA } from './testdata.js';

function update(
  o: Partial<UpdateOptions> & Pick<UpdateOptions, 'oldObj' | 'newObj' | 'manager'>,
): KubeObject {
  const r = updateManagedFields({ apiVersion: API_VERSION, schema: SCHEMA, now: NOW, ...o });
  if (!r.ok) throw new Error(r.status.message);
  return r.object;
}

const owners = (obj: KubeObject): Record<string, unknown> =>
  Object.fromEntries(
    (obj.metadata.managedFields ?? []).map((e) => [`${e.manager}/${e.operation}`, e.fieldsV1]),
  );

const entry = (
  manager: string,
  fieldsV1: Record<string, unknown>,
  time = '2024-05-01T10:00:00Z',
): ManagedFieldsEntry => ({
  manager,
  operation: 'Update',
  apiVersion: API_VERSION,
  time,
  fieldsType: 'FieldsV1',
  fieldsV1,
});

describe('updateManagedFields', () => {
  it('gives a create everything it set, the way kube shows it for custom resources', () => {
    const obj = update({
      oldObj: undefined,
      newObj: agent(
        { model: 'm1', connectors: [{ name: 'a', url: 'u' }] },
        { labels: { app: 'x' }, uid: 'u1' },
      ),
      manager: 'kubectl-create',
    });
    expect(obj.metadata.managedFields).toEqual([
      entry('kubectl-create', {
        'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
        'f:spec': {
          '.': {},
          'f:connectors': { '.': {}, 'k:{"name":"a"}': { '.': {}, 'f:name': {}, 'f:url': {} } },
          'f:model': {},
        },
      }),
    ]);
  });

  it('moves changed fields to the writer; unchanged fields stay with their owner', () => {
    const created = update({
      oldObj: undefined,
      newObj: agent({ model: 'm1', description: 'd' }),
      manager: 'a',
    });
    const edited = update({
      oldObj: created,
      newObj: agent({ model: 'm2', description: 'd' }),
      manager: 'kubectl-edit',
      now: LATER,
    });
    expect(owners(edited)).toEqual({
      'a/Update': { 'f:spec': { '.': {}, 'f:description': {} } },
      'kubectl-edit/Update': { 'f:spec': { 'f:model': {} } },
    });
    expect(edited.metadata.managedFields?.map((e) => e.time)).toEqual([
      '2024-05-01T10:00:00Z',
      '2024-05-01T11:00:00Z',
    ]);
  });

  it('takes removed fields from every owner and drops emptied entries', () => {
    const created = update({
      oldObj: undefined,
      newObj: agent({ model: 'm1' }, { labels: { app: 'x' } }),
      manager: 'a',
    });
    const relabeled = update({
      oldObj: created,
      newObj: agent({ model: 'm1' }, { labels: { app: 'y' } }),
      manager: 'kubectl-label',
    });
    const unlabeled = update({ oldObj: relabeled, newObj: agent({ model: 'm1' }), manager: 'kubectl-label' });
    expect(owners(unlabeled)).toEqual({ 'a/Update': { 'f:spec': { '.': {}, 'f:model': {} } } });
  });

  it('accumulates one entry per manager, operation, apiVersion and subresource', () => {
    const one = update({ oldObj: undefined, newObj: agent({ model: 'm1' }), manager: 'ctl' });
    const two = update({
      oldObj: one,
      newObj: agent({ model: 'm1', description: 'd' }),
      manager: 'ctl',
      now: LATER,
    });
    expect(two.metadata.managedFields).toEqual([
      entry('ctl', { 'f:spec': { '.': {}, 'f:description': {}, 'f:model': {} } }, '2024-05-01T11:00:00Z'),
    ]);
    const other = update({
      oldObj: two,
      newObj: agent({ model: 'm1', description: 'd2' }),
      manager: 'ctl',
      apiVersion: 'orgplane.io/v1beta1',
      now: new Date('2024-05-01T12:00:00Z'),
    });
    expect(other.metadata.managedFields?.map((e) => `${e.manager} ${e.apiVersion}`)).toEqual([
      'ctl orgplane.io/v1alpha1',
      'ctl orgplane.io/v1beta1',
    ]);
  });

  it('leaves managedFields and times alone when nothing changes', () => {
    const one = update({ oldObj: undefined, newObj: agent({ model: 'm1' }), manager: 'ctl' });
    const same = update({ oldObj: one, newObj: { ...one }, manager: 'other', now: LATER });
    expect(same.metadata.managedFields).toEqual(one.metadata.managedFields);
    const retimed = (one.metadata.managedFields ?? []).map((e) => ({ ...e, time: '2030-01-01T00:00:00Z' }));
    const put = update({
      oldObj: one,
      newObj: { ...one, metadata: { ...one.metadata, managedFields: retimed } },
      manager: 'x',
    });
    expect(put.metadata.managedFields).toEqual(one.metadata.managedFields);
  });

  it('records status writes under the status subresource only', () => {
    const one = update({
      oldObj: undefined,
      newObj: agent({ model: 'm1' }),
      manager: 'ctl',
      statusSubresource: true,
    });
    const withStatus = { ...one, status: { phase: 'Ready' } };
    const st = update({
      oldObj: one,
      newObj: withStatus,
      manager: 'ctrl',
      subresource: 'status',
      statusSubresource: true,
    });
    expect(st.metadata.managedFields?.find((e) => e.manager === 'ctrl')).toMatchObject({
      subresource: 'status',
      fieldsV1: { 'f:status': { '.': {}, 'f:phase': {} } },
    });
    const main = update({
      oldObj: st,
      newObj: { ...st, status: { phase: 'X' } },
      manager: 'y',
      statusSubresource: true,
    });
    expect(main.metadata.managedFields?.map((e) => e.manager)).toEqual(['ctl', 'ctrl']);
  });

  it('resets managedFields on [] or [{}], takes a supplied list as given', () => {
    const one = update({ oldObj: undefined, newObj: agent({ model: 'm1' }), manager: 'ctl' });
    const resets = [[], [{}], [{ manager: '' }]] as ManagedFieldsEntry[][];
    for (const reset of resets) {
      const r = update({
        oldObj: one,
        newObj: { ...one, metadata: { ...one.metadata, managedFields: reset } },
        manager: 'x',
      });
      expect(r.metadata.managedFields).toBeUndefined();
    }
    const given = [{ ...entry('someone', { 'f:spec': { 'f:model': {} } }), operation: 'Apply' as const }];
    const r = update({
      oldObj: one,
      newObj: { ...one, metadata: { ...one.metadata, managedFields: given } },
      manager: 'x',
    });
    expect(r.metadata.managedFields).toEqual(given);
  });

  it('refuses malformed managedFields with a 400 naming each bad field', () => {
    const one = update({ oldObj: undefined, newObj: agent({ model: 'm1' }), manager: 'ctl' });
    const bad = [
      { manager: 'a', operation: 'Bogus', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: {} },
      { manager: 'b', operation: 'Update', fieldsType: 'FieldsV2', fieldsV1: { 'k:{': {} } },
    ];
    const r = updateManagedFields({
      oldObj: one,
      newObj: { ...one, metadata: { ...one.metadata, managedFields: bad as ManagedFieldsEntry[] } },
      manager: 'x',
      apiVersion: API_VERSION,
      schema: SCHEMA,
      now: NOW,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.status.code).toBe(400);
    expect(r.status.details?.causes?.map((c) => c.field)).toEqual([
      'metadata.managedFields[0].operation',
      'metadata.managedFields[1].apiVersion',
      'metadata.managedFields[1].fieldsType',
      'metadata.managedFields[1].fieldsV1',
    ]);
    expect(r.status.message).toMatch(/^\[metadata\.managedFields\[0\]\.operation: Unsupported value/);
  });

  it('folds the oldest of more than ten updaters into ancient-changes', () => {
    let obj = update({ oldObj: undefined, newObj: agent({}), manager: 'base' });
    for (let i = 0; i < 12; i++) {
      const next = agent({ quota: { ...((obj.spec as { quota?: object }).quota ?? {}), [`k${i}`]: i } });
      obj = update({
        oldObj: obj,
        newObj: next,
        manager: `m${i}`,
        now: new Date(Date.UTC(2024, 0, 1, 0, i)),
      });
    }
    const managers = (obj.metadata.managedFields ?? []).map((e) => e.manager);
    expect(managers.length).toBe(10);
    expect(managers[0]).toBe('ancient-changes');
    expect(owners(obj)['ancient-changes/Update']).toEqual({
      'f:spec': { 'f:quota': { '.': {}, 'f:k0': {}, 'f:k1': {}, 'f:k2': {}, 'f:k3': {} } },
    });
    expect(managers.slice(1)).toEqual(['m4', 'm5', 'm6', 'm7', 'm8', 'm9', 'm10', 'm11', 'base']);
  });
});
