import { describe, expect, it } from '@jest/globals';
import { groupPrefix, namespaceKey, objectKey, parseObjectKey, resourcePrefix } from './keys.js';

const agents = { group: 'orgplane.io', plural: 'agents', namespaced: true };
const namespaces = { group: '', plural: 'namespaces', namespaced: false };

describe('storage keys', () => {
  it('lays objects out by group (core for ""), resource, namespace and name', () => {
    expect(objectKey(agents, 'ns1', 'a1')).toBe('/registry/orgplane.io/agents/ns1/a1');
    expect(objectKey(namespaces, '', 'ns1')).toBe('/registry/core/namespaces/ns1');
    expect(namespaceKey('ns1')).toBe('/registry/core/namespaces/ns1');
    expect(resourcePrefix(agents)).toBe('/registry/orgplane.io/agents/');
    expect(groupPrefix('')).toBe('/registry/core/');
  });

  it('parses what it lays out, and nothing else', () => {
    expect(parseObjectKey(objectKey(agents, 'ns1', 'a1'))).toEqual({
      group: 'orgplane.io',
      plural: 'agents',
      rest: ['ns1', 'a1'],
    });
    expect(parseObjectKey(namespaceKey('ns1'))).toEqual({ group: '', plural: 'namespaces', rest: ['ns1'] });
    expect(parseObjectKey('/registry/core/namespaces')).toBeUndefined();
    expect(parseObjectKey('/orgplane/signing-keys/active')).toBeUndefined();
  });
});
