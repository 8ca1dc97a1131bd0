import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../api/meta.js';
import { AUTOUPDATE_ANNOTATION, BOOTSTRAPPING_LABEL, bootstrapPolicy } from './bootstrap-policy.js';
import { covers } from './covers.js';
import { toRules } from './rbac-objects.js';
import { autoupdateDisabled, reconcileBinding, reconcileRole } from './reconcile.js';
import { clusterRole, clusterRoleBinding, subject } from './testdata.js';

const read = { apiGroups: ['orgplane.io'], resources: ['agents'], verbs: ['get', 'list'] };
const write = { apiGroups: ['orgplane.io'], resources: ['agents'], verbs: ['create'] };
const custom = { apiGroups: ['example.com'], resources: ['widgets'], verbs: ['get'] };
const expectedRole = (): KubeObject => ({
  ...clusterRole('r', [read, write]),
  metadata: {
    name: 'r',
    labels: { [BOOTSTRAPPING_LABEL]: 'rbac-defaults' },
    annotations: { [AUTOUPDATE_ANNOTATION]: 'true' },
  },
});

describe('reconcileRole', () => {
  it('leaves an up-to-date role alone', () => {
    expect(reconcileRole(expectedRole(), expectedRole()).changed).toBe(false);
  });

  it('adds back missing rules and keeps rules users added', () => {
    const existing = { ...expectedRole(), rules: [custom, { ...read, verbs: ['get'] }] };
    const r = reconcileRole(existing, expectedRole());
    expect(r.changed).toBe(true);
    expect(r.object.rules).toEqual([
      custom,
      { ...read, verbs: ['get'] },
      { ...read, verbs: ['list', 'create'] },
    ]);
    expect(covers(toRules(r.object.rules), [read, write]).covered).toBe(true);
  });

  it('adds missing labels and annotations without overriding existing values', () => {
    const existing = {
      ...expectedRole(),
      metadata: { name: 'r', labels: { [BOOTSTRAPPING_LABEL]: 'mine', team: 'x' } },
    };
    const r = reconcileRole(existing, expectedRole());
    expect(r.object.metadata.labels).toEqual({ [BOOTSTRAPPING_LABEL]: 'mine', team: 'x' });
    expect(r.object.metadata.annotations).toEqual({ [AUTOUPDATE_ANNOTATION]: 'true' });
    expect(r.changed).toBe(true);
  });

  it('unions aggregation selectors of aggregating roles instead of rules', () => {
    const expected = clusterRole('agg', [], { aggregate: [{ a: 'true' }] });
    const existing = clusterRole('agg', [read], { aggregate: [{ b: 'true' }] });
    const r = reconcileRole(existing, expected);
    expect(r.object.aggregationRule).toEqual({
      clusterRoleSelectors: [{ matchLabels: { b: 'true' } }, { matchLabels: { a: 'true' } }],
    });
    expect(r.object.rules).toEqual([read]);
  });

  it('honours autoupdate "false"', () => {
    const existing = {
      ...expectedRole(),
      metadata: { name: 'r', annotations: { [AUTOUPDATE_ANNOTATION]: 'false' } },
    };
    expect(autoupdateDisabled(existing)).toBe(true);
    expect(autoupdateDisabled(expectedRole())).toBe(false);
  });
});

describe('reconcileBinding', () => {
  const expected = clusterRoleBinding('b', 'r', [subject('Group', 'system:authenticated')]);

  it('adds missing subjects and keeps extra ones', () => {
    const existing = clusterRoleBinding('b', 'r', [subject('User', 'extra')]);
    const r = reconcileBinding(existing, expected);
    expect(r).toMatchObject({ changed: true, recreate: false });
    expect(r.object.subjects).toEqual([subject('User', 'extra'), subject('Group', 'system:authenticated')]);
  });

  it('recreates a binding whose roleRef differs, keeping its subjects', () => {
    const existing = {
      ...clusterRoleBinding('b', 'other', [subject('User', 'extra')]),
      metadata: { name: 'b', uid: 'u1', resourceVersion: '5' },
    };
    const r = reconcileBinding(existing, expected);
    expect(r).toMatchObject({ changed: true, recreate: true });
    expect(r.object.roleRef).toEqual(expected.roleRef);
    expect(r.object.metadata.uid).toBeUndefined();
    expect(r.object.subjects).toHaveLength(2);
  });

  it('leaves an up-to-date binding alone', () => {
    expect(reconcileBinding(expected, expected).changed).toBe(false);
  });
});

describe('bootstrapPolicy', () => {
  it('labels and annotates every object, and every binding names a bootstrap role', () => {
    const p = bootstrapPolicy();
    const names = new Set(p.clusterRoles.map((r) => r.metadata.name));
    for (const o of [...p.clusterRoles, ...p.clusterRoleBindings]) {
      expect(o.metadata.labels?.[BOOTSTRAPPING_LABEL]).toBe('rbac-defaults');
      expect(o.metadata.annotations?.[AUTOUPDATE_ANNOTATION]).toBe('true');
    }
    for (const b of p.clusterRoleBindings) expect(names.has(b.roleRef.name)).toBe(true);
  });

  it('nests the tenant roles: viewer ⊆ developer ⊆ org-admin, deployer ⊆ developer', () => {
    const rules = (n: string): ReturnType<typeof toRules> =>
      toRules(bootstrapPolicy().clusterRoles.find((r) => r.metadata.name === n)?.rules);
    expect(covers(rules('developer'), rules('viewer')).covered).toBe(true);
    expect(covers(rules('org-admin'), rules('developer')).covered).toBe(true);
    expect(covers(rules('developer'), rules('deployer')).covered).toBe(true);
    expect(covers(rules('org-admin'), rules('cluster-admin')).covered).toBe(false);
  });

  it('lets org-admin and developer write secrets and config maps, viewer and deployer read config maps only', () => {
    const rules = (n: string): ReturnType<typeof toRules> =>
      toRules(bootstrapPolicy().clusterRoles.find((r) => r.metadata.name === n)?.rules);
    const can = (role: string, verb: string, resource: string): boolean =>
      covers(rules(role), toRules([{ apiGroups: [''], resources: [resource], verbs: [verb] }])).covered;
    const table = ['org-admin', 'developer', 'viewer', 'deployer'].map((r) => [
      r,
      can(r, 'get', 'secrets'),
      can(r, 'create', 'secrets'),
      can(r, 'list', 'configmaps'),
      can(r, 'patch', 'configmaps'),
    ]);
    expect(table).toEqual([
      ['org-admin', true, true, true, true],
      ['developer', true, true, true, true],
      ['viewer', false, false, true, false],
      ['deployer', false, false, true, false],
    ]);
  });
});
