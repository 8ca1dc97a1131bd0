import { describe, expect, it } from '@jest/globals';
import { inNamespaces, namespaceLabel, orgNamespaces } from './namespaces';
import type { Team } from './types';

const team = (name: string, extra: Partial<Team> = {}, namespace = 'acme'): Team => ({
  metadata: { name, namespace },
  ...extra,
});
const obj = (name: string, namespace: string) => ({ metadata: { name, namespace } });

describe('orgNamespaces', () => {
  it('puts the organization first, then its teams by namespace, from status or the naming rule', () => {
    const ns = orgNamespaces('acme', [
      team('web', { status: { namespace: 'acme-web', path: 'acme/web' } }),
      team('api'),
      team('stray', {}, 'other'),
    ]);
    expect(ns).toEqual([
      { namespace: 'acme', label: 'Organization (acme)' },
      { namespace: 'acme-api', label: 'api' },
      { namespace: 'acme-web', label: 'acme/web' },
    ]);
    expect(namespaceLabel(ns, 'acme-web')).toBe('acme/web');
    expect(namespaceLabel(ns, 'zzz')).toBe('zzz');
  });
});

describe('inNamespaces', () => {
  const ns = orgNamespaces('acme', [team('api')]);
  const items = [obj('a', 'acme'), obj('b', 'acme-api'), obj('c', 'globex'), obj('d', 'acme-apix')];
  it('keeps only the organization’s namespaces', () => {
    expect(inNamespaces(items, ns).map((o) => o.metadata.name)).toEqual(['a', 'b']);
  });
  it('narrows to one team, and to nothing for a namespace outside the organization', () => {
    expect(inNamespaces(items, ns, 'acme-api').map((o) => o.metadata.name)).toEqual(['b']);
    expect(inNamespaces(items, ns, 'globex')).toEqual([]);
  });
});
