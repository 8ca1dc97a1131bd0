import { describe, expect, it } from '@jest/globals';
import type { Obj } from '../gitops/objects.js';
import { LAST_APPLIED, strip, stripAll } from './strip.js';

const live = (over: Obj = {}): Obj => ({
  apiVersion: 'orgplane.io/v1alpha1',
  kind: 'Organization',
  metadata: {
    name: 'acme',
    uid: 'u-org',
    resourceVersion: '75',
    generation: 3,
    creationTimestamp: '2026-12-06T12:53:01Z',
    managedFields: [{ manager: 'kubectl' }],
    finalizers: ['orgplane.io/teardown', 'example.com/keep'],
    annotations: { [LAST_APPLIED]: '{}', 'example.com/note': 'kept' },
    labels: { tier: 'gold' },
  },
  spec: { displayName: 'Acme', plan: 'free' },
  status: { phase: 'Active' },
  ...over,
});

describe('strip', () => {
  it('keeps what a user wrote and drops what the server manages', () => {
    expect(strip(live())).toEqual({
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Organization',
      metadata: {
        name: 'acme',
        finalizers: ['example.com/keep'],
        annotations: { 'example.com/note': 'kept' },
        labels: { tier: 'gold' },
      },
      spec: { displayName: 'Acme', plan: 'free' },
    });
  });

  it('removes annotations, finalizers and owner references left empty, and keeps top-level data', () => {
    const cm: Obj = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'cfg',
        namespace: 'acme',
        annotations: { [LAST_APPLIED]: '{}' },
        finalizers: ['orgplane.io/team'],
        ownerReferences: [{ uid: 'elsewhere', kind: 'Agent', name: 'x', apiVersion: 'orgplane.io/v1alpha1' }],
        deletionTimestamp: '2026-12-06T12:53:01Z',
        labels: {},
      },
      data: { a: 'b' },
    };
    expect(strip(cm)).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg', namespace: 'acme' },
      data: { a: 'b' },
    });
  });

  it('does not change its argument', () => {
    const o = live();
    const before = JSON.stringify(o);
    strip(o);
    expect(JSON.stringify(o)).toBe(before);
  });
});

describe('stripAll', () => {
  const owned = (kind: string, name: string, owner: string): Obj => ({
    apiVersion: kind === 'Team' ? 'orgplane.io/v1alpha1' : 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: { name, namespace: 'acme', uid: `u-${name}`, ownerReferences: [{ uid: owner }] },
  });

  it('leaves out the admins binding its exported Organization makes, and keeps what a template made once', () => {
    const out = stripAll([
      live(),
      owned('RoleBinding', 'organization-admins', 'u-org'),
      owned('RoleBinding', 'everyone-view', 'u-org'),
      owned('Team', 'support', 'u-org'),
    ]);
    expect(out.map((o) => `${String(o.kind)}/${(o.metadata as { name: string }).name}`)).toEqual([
      'Organization/acme',
      'RoleBinding/everyone-view',
      'Team/support',
    ]);
    expect(out[2]?.metadata).toEqual({ name: 'support', namespace: 'acme' });
  });

  it('keeps an admins binding whose owner is not exported', () => {
    const out = stripAll([owned('RoleBinding', 'organization-admins', 'u-elsewhere')]);
    expect(out).toHaveLength(1);
  });

  it("drops the Organization's spec.template and keeps the spec the template filled", () => {
    const [org] = stripAll([live({ spec: { template: 'standard', plan: 'professional' } })]);
    expect(org?.spec).toEqual({ plan: 'professional' });
    const team = stripAll([{ ...owned('Team', 't', 'x'), spec: { template: 'kept-elsewhere' } }])[0];
    expect(team?.spec).toEqual({ template: 'kept-elsewhere' });
  });
});
