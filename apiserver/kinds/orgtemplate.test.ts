import { describe, expect, it } from '@jest/globals';
import { validateTemplate, withTemplateDefaults } from './orgtemplate.js';

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

describe('withTemplateDefaults', () => {
  const known = new Set(['plan', 'quota', 'features']);
  const defaults = {
    plan: 'team',
    quota: { agents: 5 },
    features: { customDashboards: true, advancedAnalytics: true },
    unknownField: 1,
  };

  it('fills unset known fields and merges features flag by flag, the organization winning', () => {
    const spec = { plan: 'free', quota: { teams: 2 }, features: { advancedAnalytics: false, beta: true } };
    expect(withTemplateDefaults(spec, defaults, known)).toEqual({
      plan: 'free',
      quota: { teams: 2 },
      features: { customDashboards: true, advancedAnalytics: false, beta: true },
    });
  });

  it('copies the template’s features when the organization has none, never sharing them', () => {
    const next = withTemplateDefaults({}, defaults, known);
    expect(next.features).toEqual(defaults.features);
    expect(next.features).not.toBe(defaults.features);
  });
});
