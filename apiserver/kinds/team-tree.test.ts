import { describe, expect, it } from '@jest/globals';
import { chainAbove, nameErrors, namespaceLabels, type TeamNode } from './team-tree.js';

const tree = (edges: Record<string, string | undefined>): Map<string, TeamNode> =>
  new Map(
    Object.entries(edges).map(([name, parent]) => [name, { name, parent, deleting: false, cascade: false }]),
  );

describe('team tree', () => {
  const teams = tree({ eng: undefined, be: 'eng', api: 'be', ops: undefined });

  it('walks the ancestors nearest first', () => {
    expect(chainAbove(teams, 'acme', 'new', 'api')).toEqual({ ok: true, ancestors: ['api', 'be', 'eng'] });
    expect(chainAbove(teams, 'acme', 'new', undefined)).toEqual({ ok: true, ancestors: [] });
  });

  it('names the cycle a parent would make', () => {
    const r = chainAbove(teams, 'acme', 'eng', 'api');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.field).toBe('spec.parent');
      expect(r.error.message).toContain('eng -> api -> be -> eng');
    }
    const self = chainAbove(teams, 'acme', 'be', 'be');
    expect(!self.ok && self.error.message).toContain('be -> be');
  });

  it('refuses a missing parent and a parent of another organization', () => {
    const missing = chainAbove(teams, 'acme', 'x', 'nowhere');
    expect(!missing.ok && missing.error.message).toBe('spec.parent: Not found: "nowhere"');
    const other = chainAbove(teams, 'acme', 'x', 'initech/eng');
    expect(!other.ok && other.error.message).toContain('must be a team of organization "acme"');
  });

  it('stops on a loop already stored above the parent', () => {
    const looped = tree({ a: 'b', b: 'a' });
    const r = chainAbove(looped, 'acme', 'c', 'a');
    expect(!r.ok && r.error.message).toContain('a -> b -> a');
  });

  it('limits the namespace to 63 characters and the name to a DNS label', () => {
    expect(nameErrors('acme', 'x'.repeat(58))).toEqual([]);
    expect(nameErrors('acme', 'x'.repeat(59)).map((e) => e.field)).toEqual(['metadata.name']);
    expect(nameErrors('acme', 'a.b').map((e) => e.field)).toEqual(['metadata.name']);
  });

  it('labels a namespace for itself, its ancestors and the organization', () => {
    expect(namespaceLabels('acme', 'api', ['be', 'eng'])).toEqual({
      'orgplane.io/organization': 'acme',
      'orgplane.io/team': 'api',
      'acme-api.tree.orgplane.io/depth': '0',
      'acme-be.tree.orgplane.io/depth': '1',
      'acme-eng.tree.orgplane.io/depth': '2',
      'acme.tree.orgplane.io/depth': '3',
    });
  });
});
