import { describe, expect, it } from '@jest/globals';
import { validateTemplate } from './orgtemplate.js';

describe('OrganizationTemplate validation', () => {
  it('lists every duplicate and dangling reference', () => {
    const errs = validateTemplate({
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'OrganizationTemplate',
      metadata: { name: 't' },
      spec: {
        teams: [{ name: 'eng' }, { name: 'eng' }, { name: 'be', parent: 'nope' }],
        groups: [{ name: 'devs' }],
        roleBindings: [
          { name: 'b', team: 'ghost', clusterRole: 'developer', groups: ['devs', 'others'] },
          { name: 'ok', team: 'eng', clusterRole: 'viewer', groups: ['devs'] },
        ],
      },
    });
    expect(errs.map((e) => e.field)).toEqual([
      'spec.teams[1].name',
      'spec.teams[2].parent',
      'spec.roleBindings[0].team',
      'spec.roleBindings[0].groups[1]',
    ]);
  });
});
