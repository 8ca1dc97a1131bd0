import { describe, expect, it } from '@jest/globals';
import { parseRequestInfo } from '../http/requestinfo.js';
import { counted, isOrganizationRead, organizationOfRequest, outcomeOf } from './attribution.js';

const orgs = {
  organizationOf: (ns: string): string => (ns.startsWith('acme-') ? 'acme' : ns),
  exists: (org: string): boolean => org === 'acme' || org === 'wayne',
};
const info = (method: string, path: string) => parseRequestInfo(method, path, false);

describe('request attribution', () => {
  it('counts tenants, never cluster admins, controllers or system identities', () => {
    expect(counted({ username: 'ann', groups: ['system:authenticated'] })).toBe(true);
    expect(counted({ username: 'root', groups: ['system:masters'] })).toBe(false);
    expect(counted({ username: 'billing', groups: ['orgplane:controllers'] })).toBe(false);
    expect(counted({ username: 'system:serviceaccount:kube-system:gc', groups: [] })).toBe(false);
  });

  it('attributes namespaces of the tree and the Organization object to the organization', () => {
    expect(
      organizationOfRequest(info('GET', '/apis/orgplane.io/v1alpha1/namespaces/acme/agents'), orgs),
    ).toBe('acme');
    expect(organizationOfRequest(info('GET', '/api/v1/namespaces/acme-mobile/events'), orgs)).toBe('acme');
    expect(organizationOfRequest(info('GET', '/api/v1/namespaces/acme'), orgs)).toBe('acme');
    expect(
      organizationOfRequest(info('GET', '/apis/orgplane.io/v1alpha1/organizations/wayne/activity'), orgs),
    ).toBe('wayne');
    expect(
      organizationOfRequest(info('GET', '/apis/orgplane.io/v1alpha1/organizations'), orgs),
    ).toBeUndefined();
    expect(organizationOfRequest(info('GET', '/api/v1/namespaces/default/pods'), orgs)).toBeUndefined();
    expect(organizationOfRequest(undefined, orgs)).toBeUndefined();
  });

  it('never refuses reads of the Organization object', () => {
    const read = info('GET', '/apis/orgplane.io/v1alpha1/organizations/acme/activity');
    const write = info('PATCH', '/apis/orgplane.io/v1alpha1/organizations/acme');
    const agents = info('GET', '/apis/orgplane.io/v1alpha1/namespaces/acme/agents');
    if (!read || !write || !agents) throw new Error('unparsed');
    expect([read, write, agents].map(isOrganizationRead)).toEqual([true, false, false]);
  });

  it('reads denials and agent creates and deletes from the answer', () => {
    const create = info('POST', '/apis/orgplane.io/v1alpha1/namespaces/acme/agents');
    const del = info('DELETE', '/apis/orgplane.io/v1alpha1/namespaces/acme/agents/a');
    if (!create || !del) throw new Error('unparsed');
    expect(outcomeOf(create, 201, false)).toEqual({ denied: false, agentCreated: true, agentDeleted: false });
    expect(outcomeOf(create, 201, true).agentCreated).toBe(false);
    expect(outcomeOf(create, 403, false)).toEqual({ denied: true, agentCreated: false, agentDeleted: false });
    expect(outcomeOf(del, 200, false).agentDeleted).toBe(true);
    const apply = info('PATCH', '/apis/orgplane.io/v1alpha1/namespaces/acme/agents/a');
    if (!apply) throw new Error('unparsed');
    expect(outcomeOf(apply, 201, false).agentCreated).toBe(true);
    expect(outcomeOf(apply, 200, false).agentCreated).toBe(false);
    expect(outcomeOf(del, 404, false).agentDeleted).toBe(false);
  });
});
