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
  it('leaves out what a controller made from another exported object, keeps the rest', () => {
    const admins: Obj = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: {
        name: 'organization-admins',
        namespace: 'acme',
        uid: 'u-rb',
        ownerReferences: [{ uid: 'u-org' }],
      },
    };
    const mine: Obj = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'devs', namespace: 'acme', uid: 'u-rb2', ownerReferences: [{ uid: 'not-exported' }] },
    };
    const out = stripAll([live(), admins, mine]);
    expect(out.map((o) => (o.metadata as { name: string }).name)).toEqual(['acme', 'devs']);
    expect(out[1]?.metadata).toEqual({ name: 'devs', namespace: 'acme' });
  });
});
