import { describe, expect, it } from '@jest/globals';
import type { KubeObject, ManagedFieldsEntry } from '../../api/meta.js';
import { apply } from './apply.js';
import { LAST_APPLIED, lastAppliedValue } from './lastapplied.js';
import { updateManagedFields } from './update.js';
import { agent, API_VERSION, LATER, NOW, SCHEMA } from './testdata.js';

const common = { apiVersion: API_VERSION, schema: SCHEMA, now: NOW };

function update(oldObj: KubeObject | undefined, newObj: KubeObject, manager: string): KubeObject {
  const r = updateManagedFields({ ...common, oldObj, newObj, manager });
  if (!r.ok) throw new Error(r.status.message);
  return r.object;
}

function ssa(live: KubeObject, applied: KubeObject, manager = 'kubectl'): KubeObject {
  const r = apply({ ...common, live, applied, manager, force: false, now: LATER });
  if (!r.ok) throw new Error(r.status.message);
  return r.object;
}

/** What `kubectl apply` (client-side) creates: the object plus its last-applied annotation. */
function clientSideCreate(cfg: KubeObject): KubeObject {
  const withEmpty = { ...cfg, metadata: { ...cfg.metadata, annotations: {} } };
  const annotated = {
    ...cfg,
    metadata: { ...cfg.metadata, annotations: { [LAST_APPLIED]: lastAppliedValue(withEmpty) } },
  };
  return update(undefined, annotated, 'kubectl-client-side-apply');
}

const manager = (obj: KubeObject, name: string): ManagedFieldsEntry | undefined =>
  obj.metadata.managedFields?.find((e) => e.manager === name);

describe('kubectl client-side apply upgraded to server-side apply', () => {
  const v1 = agent({ model: 'm1', tools: ['a'] });
  const v2 = agent({ model: 'm2', tools: ['a'] });

  it('lets kubectl take over fields the last-applied annotation vouches for', () => {
    const csa = clientSideCreate(v1);
    expect(manager(csa, 'kubectl-client-side-apply')?.fieldsV1).toEqual({
      'f:metadata': { 'f:annotations': { '.': {}, [`f:${LAST_APPLIED}`]: {} } },
      'f:spec': { '.': {}, 'f:model': {}, 'f:tools': { '.': {}, 'v:"a"': {} } },
    });
    const applied = ssa(csa, v2);
    expect(applied.spec).toEqual({ model: 'm2', tools: ['a'] });
    expect(manager(applied, 'kubectl')?.fieldsV1).toEqual({
      'f:spec': { 'f:model': {}, 'f:tools': { 'v:"a"': {} } },
    });
    expect(manager(applied, 'kubectl-client-side-apply')?.fieldsV1).toEqual({
      'f:metadata': { 'f:annotations': { '.': {}, [`f:${LAST_APPLIED}`]: {} } },
      'f:spec': { '.': {}, 'f:tools': { '.': {}, 'v:"a"': {} } },
    });
    const annotation = applied.metadata.annotations?.[LAST_APPLIED] ?? '';
    expect(annotation).toBe(
      '{"apiVersion":"orgplane.io/v1alpha1","kind":"Agent","metadata":{"name":"a1","namespace":"ns1"},"spec":{"model":"m2","tools":["a"]}}\n',
    );
  });

  it('still refuses fields changed by someone else since the client-side apply', () => {
    const csa = clientSideCreate(v1);
    const edited = update(
      csa,
      { ...csa, spec: { model: 'edited', tools: ['a'] } },
      'kubectl-client-side-apply',
    );
    const r = apply({ ...common, live: edited, applied: v2, manager: 'kubectl', force: false });
    expect(!r.ok && r.status.message).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using orgplane.io/v1alpha1: .spec.model',
    );
    const other = apply({ ...common, live: csa, applied: v2, manager: 'not-kubectl', force: false });
    expect(other.ok).toBe(false);
  });

  it('follows kubectl through last-applied save, managedFields json-patch and re-apply', () => {
    const first = ssa(clientSideCreate(v1), v2);
    const annotation = first.metadata.annotations?.[LAST_APPLIED] ?? '';
    const saved = ssa(
      first,
      {
        apiVersion: API_VERSION,
        kind: 'Agent',
        metadata: { name: 'a1', namespace: 'ns1', annotations: { [LAST_APPLIED]: annotation } },
      },
      'kubectl-last-applied',
    );
    expect(saved).toEqual({
      ...first,
      metadata: { ...first.metadata, managedFields: saved.metadata.managedFields },
    });

    // kubectl's csaupgrade: the client-side-apply entry's fields move into the "kubectl" Apply entry
    const csaFields = manager(saved, 'kubectl-client-side-apply')?.fieldsV1 ?? {};
    const upgraded: ManagedFieldsEntry[] = [
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: API_VERSION,
        time: '2024-05-01T11:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { ...csaFields, 'f:spec': { 'f:model': {}, 'f:tools': { 'v:"a"': {} } } },
      },
      ...(saved.metadata.managedFields ?? []).filter((e) => e.manager === 'kubectl-last-applied'),
    ];
    const patched = update(
      saved,
      { ...saved, metadata: { ...saved.metadata, managedFields: upgraded } },
      'kubectl',
    );
    expect(patched.metadata.managedFields?.map((e) => e.manager)).toEqual([
      'kubectl',
      'kubectl-last-applied',
    ]);

    // the re-apply keeps the object; kubectl's entry becomes exactly what it applies, the
    // annotation staying with kubectl-last-applied
    const again = ssa(patched, v2);
    const { managedFields: _a, ...againMeta } = again.metadata;
    const { managedFields: _p, ...patchedMeta } = patched.metadata;
    expect({ ...again, metadata: againMeta }).toEqual({ ...patched, metadata: patchedMeta });
    expect(manager(again, 'kubectl')?.fieldsV1).toEqual({
      'f:spec': { 'f:model': {}, 'f:tools': { 'v:"a"': {} } },
    });
    expect(ssa(again, v2)).toEqual(again);
    const dropped = ssa(patched, agent({ model: 'm2' }));
    expect(dropped.spec).toEqual({ model: 'm2' });
  });
});
