import { describe, expect, it } from '@jest/globals';
import type { PolicyRule } from '../../api/builtin/rbac.js';
import { appliesTo, describeSubject, ruleAllows } from './policy.js';
import { nonResource, request, subject, user } from './testdata.js';

const u = user('alice');
const agents = { group: 'orgplane.io', resource: 'agents' };

describe('ruleAllows', () => {
  const cases: [string, PolicyRule, ReturnType<typeof request>, boolean][] = [
    [
      'exact',
      { verbs: ['get'], apiGroups: ['orgplane.io'], resources: ['agents'] },
      request(u, 'get', agents),
      true,
    ],
    [
      'other verb',
      { verbs: ['get'], apiGroups: ['orgplane.io'], resources: ['agents'] },
      request(u, 'list', agents),
      false,
    ],
    [
      'verb *',
      { verbs: ['*'], apiGroups: ['orgplane.io'], resources: ['agents'] },
      request(u, 'delete', agents),
      true,
    ],
    [
      'other group',
      { verbs: ['get'], apiGroups: [''], resources: ['agents'] },
      request(u, 'get', agents),
      false,
    ],
    ['group *', { verbs: ['get'], apiGroups: ['*'], resources: ['agents'] }, request(u, 'get', agents), true],
    [
      'resource *',
      { verbs: ['get'], apiGroups: ['orgplane.io'], resources: ['*'] },
      request(u, 'get', agents),
      true,
    ],
    [
      'resource * covers subresources',
      { verbs: ['get'], apiGroups: ['orgplane.io'], resources: ['*'] },
      request(u, 'get', { ...agents, resource: 'agents/status' }, 'ns', 'a'),
      true,
    ],
    [
      'resource alone does not cover its subresource',
      { verbs: ['get'], apiGroups: ['orgplane.io'], resources: ['agents'] },
      request(u, 'get', { ...agents, resource: 'agents/status' }, 'ns', 'a'),
      false,
    ],
    [
      'resource/subresource',
      { verbs: ['update'], apiGroups: ['orgplane.io'], resources: ['agents/status'] },
      request(u, 'update', { ...agents, resource: 'agents/status' }, 'ns', 'a'),
      true,
    ],
    [
      '*/subresource',
      { verbs: ['update'], apiGroups: ['*'], resources: ['*/status'] },
      request(u, 'update', { ...agents, resource: 'agents/status' }, 'ns', 'a'),
      true,
    ],
    [
      '*/subresource does not cover the resource',
      { verbs: ['update'], apiGroups: ['*'], resources: ['*/status'] },
      request(u, 'update', agents, 'ns', 'a'),
      false,
    ],
    [
      '*/other subresource',
      { verbs: ['update'], apiGroups: ['*'], resources: ['*/scale'] },
      request(u, 'update', { ...agents, resource: 'agents/status' }, 'ns', 'a'),
      false,
    ],
    [
      'resourceNames match',
      { verbs: ['get'], apiGroups: ['orgplane.io'], resources: ['agents'], resourceNames: ['a', 'b'] },
      request(u, 'get', agents, 'ns', 'b'),
      true,
    ],
    [
      'resourceNames other name',
      { verbs: ['get'], apiGroups: ['orgplane.io'], resources: ['agents'], resourceNames: ['a'] },
      request(u, 'get', agents, 'ns', 'c'),
      false,
    ],
    [
      'resourceNames never allow a list',
      { verbs: ['list'], apiGroups: ['orgplane.io'], resources: ['agents'], resourceNames: ['a'] },
      request(u, 'list', agents, 'ns'),
      false,
    ],
    [
      'resource rule never allows a path',
      { verbs: ['get'], apiGroups: ['*'], resources: ['*'] },
      nonResource(u, 'get', '/version'),
      false,
    ],
    ['url exact', { verbs: ['get'], nonResourceURLs: ['/version'] }, nonResource(u, 'get', '/version'), true],
    [
      'url other',
      { verbs: ['get'], nonResourceURLs: ['/version'] },
      nonResource(u, 'get', '/versions'),
      false,
    ],
    [
      'url prefix *',
      { verbs: ['get'], nonResourceURLs: ['/apis/*'] },
      nonResource(u, 'get', '/apis/orgplane.io/v1alpha1'),
      true,
    ],
    [
      'url prefix * not the parent',
      { verbs: ['get'], nonResourceURLs: ['/apis/*'] },
      nonResource(u, 'get', '/apis'),
      false,
    ],
    ['url *', { verbs: ['*'], nonResourceURLs: ['*'] }, nonResource(u, 'post', '/anything'), true],
    [
      'url wrong verb',
      { verbs: ['get'], nonResourceURLs: ['*'] },
      nonResource(u, 'post', '/anything'),
      false,
    ],
    [
      'url rule never allows a resource',
      { verbs: ['*'], nonResourceURLs: ['*'] },
      request(u, 'get', agents, 'ns', 'a'),
      false,
    ],
  ];
  it.each(cases)('%s', (_name, rule, attrs, expected) => {
    expect(ruleAllows(attrs, rule)).toBe(expected);
  });
});

describe('appliesTo', () => {
  const sa = user('system:serviceaccount:acme:builder');
  it.each([
    ['User by name', user('bob'), subject('User', 'bob'), 'ns', true],
    ['User other name', user('bob'), subject('User', 'alice'), 'ns', false],
    ['Group membership', user('bob', 'devs'), subject('Group', 'devs'), 'ns', true],
    ['Group not a member', user('bob'), subject('Group', 'devs'), 'ns', false],
    ['system:authenticated', user('bob'), subject('Group', 'system:authenticated'), '', true],
    ['ServiceAccount with namespace', sa, subject('ServiceAccount', 'builder', 'acme'), '', true],
    [
      'ServiceAccount defaults to the binding namespace',
      sa,
      subject('ServiceAccount', 'builder'),
      'acme',
      true,
    ],
    ['ServiceAccount other namespace', sa, subject('ServiceAccount', 'builder'), 'other', false],
    ['ServiceAccount without any namespace', sa, subject('ServiceAccount', 'builder'), '', false],
    ['unknown kind', user('bob'), subject('Robot', 'bob'), 'ns', false],
  ])('%s', (_n, u2, s, ns, expected) => {
    expect(appliesTo(u2, s, ns)).toBe(expected);
  });

  it('describes subjects as kube does', () => {
    expect(describeSubject(subject('User', 'bob'), 'ns')).toBe('User "bob"');
    expect(describeSubject(subject('ServiceAccount', 'b'), 'acme')).toBe('ServiceAccount "b/acme"');
  });
});
