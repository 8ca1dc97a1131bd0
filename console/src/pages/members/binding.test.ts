import { describe, expect, it } from '@jest/globals';
import { bindingFromForm, dnsPart, fieldErrors } from './binding';

describe('bindingFromForm', () => {
  it('binds a ClusterRole to a user with a name derived from role and subject', () => {
    const b = bindingFromForm({
      namespace: 'acme',
      kind: 'User',
      name: 'Ann@Example.com',
      role: 'ClusterRole/developer',
    });
    expect(b.metadata).toEqual({ name: 'developer-user-ann-example-com', namespace: 'acme' });
    expect(b.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'developer',
    });
    expect(b.subjects).toEqual([
      { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'Ann@Example.com' },
    ]);
  });

  it('gives a ServiceAccount subject its namespace ("ns:name" or the binding\'s)', () => {
    const sub = (name: string) =>
      bindingFromForm({ namespace: 'acme', kind: 'ServiceAccount', name, role: 'Role/r' }).subjects?.[0];
    expect(sub('ci')).toEqual({ kind: 'ServiceAccount', name: 'ci', namespace: 'acme' });
    expect(sub('acme-eng:ci')).toEqual({ kind: 'ServiceAccount', name: 'ci', namespace: 'acme-eng' });
  });

  it('makes DNS labels of anything', () => {
    expect(dnsPart('--')).toBe('x');
    expect(dnsPart('A b')).toBe('a-b');
  });
});

describe('fieldErrors', () => {
  it('sorts causes to the fields of the form, joining several', () => {
    expect(
      fieldErrors([
        { field: 'roleRef.name', message: 'Required value' },
        { field: 'subjects[0].name', message: 'Required value' },
        { field: 'subjects[0].kind', message: 'Unsupported value' },
        { field: 'subjects[0].name', message: 'too long' },
        { field: 'metadata.uid', message: 'ignored' },
      ]),
    ).toEqual({ role: 'Required value', name: 'Required value; too long', kind: 'Unsupported value' });
  });
});
