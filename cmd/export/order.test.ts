import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import type { Obj } from '../gitops/objects.js';
import { nameOf, namespaceOf } from '../gitops/objects.js';
import { applyOrder } from './order.js';

const ORG = 'acme';
const obj = (kind: string, name: string, namespace?: string, spec?: Obj): Obj => ({
  apiVersion: kind === 'ConfigMap' || kind === 'Secret' ? 'v1' : 'orgplane.io/v1alpha1',
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}) },
  ...(spec ? { spec } : {}),
});
const id = (o: Obj): string => `${String(o.kind)}/${namespaceOf(o) ?? ''}/${nameOf(o)}`;

describe('applyOrder', () => {
  it('puts accounts, the organization, teams parents first, groups, then what lives in namespaces', () => {
    const objects = [
      obj('Agent', 'bot', 'acme-b'),
      obj('Secret', 'key', 'acme-b'),
      obj('Team', 'b', ORG, { parent: 'a' }),
      obj('ConfigMap', 'cfg', 'acme-b'),
      obj('Group', 'devs', ORG),
      obj('Team', 'a', ORG),
      obj('Organization', ORG),
      obj('ServiceAccount', 'alice'),
    ];
    expect(applyOrder(objects).map(id)).toEqual([
      'ServiceAccount//alice',
      'Organization//acme',
      'Team/acme/a',
      'Team/acme/b',
      'Group/acme/devs',
      'ConfigMap/acme-b/cfg',
      'Secret/acme-b/key',
      'Agent/acme-b/bot',
    ]);
  });

  it('ends when spec.parent forms a cycle', () => {
    const objects = [obj('Team', 'x', ORG, { parent: 'y' }), obj('Team', 'y', ORG, { parent: 'x' })];
    expect(applyOrder(objects).map(nameOf).sort()).toEqual(['x', 'y']);
  });

  const teamName = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);
  const inside = ['RoleBinding', 'Role', 'ConfigMap', 'Secret', 'Agent', 'Group'] as const;
  const tenant = fc.uniqueArray(teamName, { maxLength: 12 }).chain((names) =>
    fc.record({
      names: fc.constant(names),
      // parent of team i: one of the teams before it, or none (top level)
      parents: fc.tuple(...names.map((_, i) => fc.nat({ max: i }))),
      things: fc.array(fc.tuple(fc.constantFrom(...inside), fc.nat({ max: names.length }), teamName), {
        maxLength: 30,
      }),
      keys: fc.array(fc.double({ noNaN: true }), { minLength: 50, maxLength: 50 }),
    }),
  );

  test.prop([tenant], { seed: 1515 })(
    'any shuffled tenant is ordered so each namespace and parent comes before what needs it',
    ({ names, parents, things, keys }) => {
      const teamNs = (n: string): string => `${ORG}-${n}`;
      const teams = names.map((n, i) => {
        const p = parents[i] ?? 0;
        return obj('Team', n, ORG, p === i ? {} : { parent: names[p] ?? '' });
      });
      const namespaces = [ORG, ...names.map(teamNs)];
      const objects = [
        obj('Organization', ORG),
        obj('ServiceAccount', 'alice'),
        ...teams,
        ...things.map(([kind, ns, n]) => obj(kind, n, kind === 'Group' ? ORG : namespaces[ns])),
      ];
      const unique = [...new Map(objects.map((o) => [id(o), o])).values()];
      const shuffled = unique
        .map((o, i) => ({ o, k: keys[i % keys.length] ?? 0 }))
        .sort((a, b) => a.k - b.k)
        .map((e) => e.o);
      const ordered = applyOrder(shuffled);
      expect(ordered.map(id).sort()).toEqual(unique.map(id).sort());
      const at = new Map(ordered.map((o, i) => [id(o), i]));
      const maker = (ns: string): string =>
        ns === ORG ? `Organization//${ORG}` : `Team/${ORG}/${ns.slice(ORG.length + 1)}`;
      ordered.forEach((o, i) => {
        const ns = namespaceOf(o);
        if (ns !== undefined) expect(at.get(maker(ns))).toBeLessThan(i);
        const parent = (o.spec as { parent?: string } | undefined)?.parent;
        if (o.kind === 'Team' && parent !== undefined)
          expect(at.get(`Team/${ORG}/${parent}`)).toBeLessThan(i);
        if (o.kind === 'Agent' && ns !== undefined)
          for (const dep of ordered.filter(
            (d) => namespaceOf(d) === ns && (d.kind === 'Secret' || d.kind === 'ConfigMap'),
          ))
            expect(at.get(id(dep))).toBeLessThan(i);
      });
    },
  );
});
