import { describe, expect, it } from '@jest/globals';
import { AGENTS, pages, parseResource, resourcePath, withQuery } from './paths';

describe('paths', () => {
  it('builds core and group API paths, namespaced or not', () => {
    expect(resourcePath({ group: '', version: 'v1', resource: 'namespaces' })).toBe('/api/v1/namespaces');
    expect(resourcePath(AGENTS, { namespace: 'acme' })).toBe(
      '/apis/orgplane.io/v1alpha1/namespaces/acme/agents',
    );
    expect(resourcePath(AGENTS, { namespace: 'acme', name: 'bot', subresource: 'status' })).toBe(
      '/apis/orgplane.io/v1alpha1/namespaces/acme/agents/bot/status',
    );
  });

  it('escapes path segments and drops empty query parameters', () => {
    expect(resourcePath(AGENTS, { namespace: 'a/b', name: 'x?y' })).toBe(
      '/apis/orgplane.io/v1alpha1/namespaces/a%2Fb/agents/x%3Fy',
    );
    expect(withQuery('/p', { watch: '1', labelSelector: 'a=b,c', x: undefined, y: '' })).toBe(
      '/p?watch=1&labelSelector=a%3Db%2Cc',
    );
    expect(withQuery('/p', {})).toBe('/p');
  });

  it('builds page paths', () => {
    expect(pages.organizations()).toBe('/console/');
    expect(pages.organization('acme')).toBe('/console/organizations/acme');
    expect(pages.agent('acme', 'acme-eng', 'bot')).toBe('/console/organizations/acme/agents/acme-eng/bot');
  });

  it('parses kubectl-style resource names', () => {
    expect(parseResource('agents.orgplane.io')).toEqual({
      group: 'orgplane.io',
      resource: 'agents',
      subresource: '',
    });
    expect(parseResource('rolebindings.rbac.authorization.k8s.io')).toMatchObject({
      group: 'rbac.authorization.k8s.io',
    });
    expect(parseResource('organizations.orgplane.io/status')).toMatchObject({ subresource: 'status' });
    expect(parseResource('namespaces')).toEqual({ group: '', resource: 'namespaces', subresource: '' });
  });
});
