import { describe, expect, it } from '@jest/globals';
import { movePatch, suspendPatch, teamObject } from './org-write';

describe('organization writes', () => {
  it('suspends and resumes through spec.suspended', () => {
    expect(suspendPatch(true)).toEqual({ spec: { suspended: true } });
    expect(suspendPatch(false)).toEqual({ spec: { suspended: false } });
  });

  it('moves under a team, or to the top level by removing spec.parent', () => {
    expect(movePatch('eng')).toEqual({ spec: { parent: 'eng' } });
    expect(movePatch('')).toEqual({ spec: { parent: null } });
  });

  it('builds a Team in the organization namespace, leaving blank fields out', () => {
    expect(teamObject('acme', { name: 'api', displayName: '  ', parent: '' })).toEqual({
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Team',
      metadata: { name: 'api', namespace: 'acme' },
      spec: {},
    });
    expect(teamObject('acme', { name: 'api', displayName: 'API', parent: 'eng' }).spec).toEqual({
      displayName: 'API',
      parent: 'eng',
    });
  });
});
