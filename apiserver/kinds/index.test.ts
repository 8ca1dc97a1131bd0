import { describe, expect, it } from '@jest/globals';
import type { AdmissionPlugin, Attributes } from '../admission/types.js';
import { kindAdmission, kindStrategies } from './index.js';

const deps = {
  now: () => new Date(0),
  internal: { incarnation: () => Promise.resolve(undefined) },
  namespaceResource: () => undefined,
};
const of = kindStrategies(deps);
const gr = (group: string, plural: string): { group: string; plural: string } => ({ group, plural });

describe('kind strategies', () => {
  it('name rules: labels for namespaces and organizations, path segments for RBAC, else subdomains', () => {
    expect(of(gr('', 'namespaces')).nameRule).toBe('label');
    expect(of(gr('orgplane.io', 'organizations')).nameRule).toBe('label');
    for (const p of ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'])
      expect(of(gr('rbac.authorization.k8s.io', p)).nameRule).toBe('pathSegment');
    expect(of(gr('orgplane.io', 'agents')).nameRule).toBeUndefined();
  });

  it('field selectors of their own for namespaces, events and audit events only', () => {
    expect(of(gr('', 'namespaces')).fields?.supports('status.phase')).toBe(true);
    expect(of(gr('', 'events')).fields?.supports('involvedObject.name')).toBe(true);
    expect(of(gr('orgplane.io', 'auditevents')).fields?.supports('user.username')).toBe(true);
    expect(of(gr('orgplane.io', 'agents')).fields).toBeUndefined();
  });

  it('an Organization owns the namespace of its name; a namespaced kind does not', () => {
    expect(of(gr('orgplane.io', 'organizations')).ownsNamespace).toBe(true);
    expect(of(gr('orgplane.io', 'agents')).ownsNamespace).toBeUndefined();
  });

  it('only the audit trail outlives its namespace', () => {
    expect(of(gr('orgplane.io', 'auditevents')).outlivesNamespace).toBe(true);
    expect(of(gr('orgplane.io', 'agents')).outlivesNamespace).toBeUndefined();
  });
});

describe('kind admission', () => {
  const calls: string[] = [];
  const plugin = (name: string, op: Attributes['operation']): AdmissionPlugin => ({
    name,
    handles: (a) => a.operation === op,
    admit: () => {
      calls.push(`${name} admit`);
    },
    validate: () => {
      calls.push(`${name} validate`);
    },
  });
  const strategies = kindStrategies(deps, {
    'x.io/things': { admission: [plugin('a', 'CREATE'), plugin('b', 'DELETE')] },
  });
  const chainStep = kindAdmission(strategies);
  const attrs = (plural: string, operation: Attributes['operation']): Attributes =>
    ({ operation, resource: { group: 'x.io', plural } }) as unknown as Attributes;

  it("runs only the plugins of the request's kind that handle it", async () => {
    expect(chainStep.handles(attrs('others', 'CREATE'))).toBe(false);
    expect(chainStep.handles(attrs('things', 'UPDATE'))).toBe(false);
    const a = attrs('things', 'CREATE');
    expect(chainStep.handles(a)).toBe(true);
    await chainStep.admit?.(a);
    await chainStep.validate?.(a);
    expect(calls).toEqual(['a admit', 'a validate']);
  });
});
