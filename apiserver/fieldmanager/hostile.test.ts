import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../api/meta.js';
import { apply } from './apply.js';
import { fieldsOf } from './fieldsof.js';
import { updateManagedFields } from './update.js';
import { agent, API_VERSION, NOW, SCHEMA } from './testdata.js';

const common = { apiVersion: API_VERSION, schema: SCHEMA, now: NOW };

function nested(depth: number): unknown {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = { x: v };
  return v;
}

describe('hostile input', () => {
  it('refuses absurdly deep apply configurations instead of overflowing the stack', () => {
    const r = apply({
      ...common,
      live: undefined,
      applied: agent({ extra: nested(100_000) }),
      manager: 'k',
      force: false,
    });
    expect(!r.ok && r.status.code).toBe(400);
    expect(fieldsOf(agent({ extra: nested(100_000) }), SCHEMA)).toEqual({});
  });

  it('keeps the stored managedFields when an update is too deep to diff', () => {
    const live = agent(
      { model: 'm' },
      {
        managedFields: [
          {
            manager: 'a',
            operation: 'Update',
            apiVersion: API_VERSION,
            fieldsType: 'FieldsV1',
            fieldsV1: { 'f:spec': { 'f:model': {} } },
          },
        ],
      },
    );
    const r = updateManagedFields({
      ...common,
      oldObj: live,
      newObj: agent({ extra: nested(5000) }),
      manager: 'b',
    });
    expect(r.ok && r.object.metadata.managedFields?.map((e) => e.manager)).toEqual(['a']);
  });

  it('treats "__proto__" and "constructor" keys as data', () => {
    const cfg = JSON.parse(
      '{"apiVersion":"orgplane.io/v1alpha1","kind":"Agent","metadata":{"name":"a","labels":{"__proto__":"x","constructor":"y"}},' +
        '"spec":{"extra":{"__proto__":{"polluted":true}},"quota":{"constructor":1}}}',
    ) as KubeObject;
    const r = apply({ ...common, live: undefined, applied: cfg, manager: 'k', force: false });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Object.keys(r.object.metadata.labels ?? {})).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(r.object.metadata.managedFields?.[0]?.fieldsV1).toEqual(
      JSON.parse(
        '{"f:metadata":{"f:labels":{"f:__proto__":{},"f:constructor":{}}},"f:spec":{"f:extra":{"f:__proto__":{".":{},"f:polluted":{}}},"f:quota":{"f:constructor":{}}}}',
      ),
    );
    const again = apply({ ...common, live: r.object, applied: cfg, manager: 'k', force: false });
    expect(again.ok && again.object).toEqual(r.object);
  });

  it('survives garbage in stored managedFields and values of the wrong shape', () => {
    const live = agent(
      { connectors: 'not-a-list', tools: [{ a: 1 }, { a: 1 }], billing: 7 },
      {
        managedFields: [null, 3, { manager: 'x', operation: 'Apply', fieldsV1: 'nope' }] as never,
        labels: [] as never,
      },
    );
    const r = apply({
      ...common,
      live,
      applied: agent({ connectors: [{ name: 'a' }], billing: { email: 'e' } }, { labels: { a: 'b' } }),
      manager: 'k',
      force: false,
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.object.spec).toEqual({
      connectors: [{ name: 'a' }],
      tools: [{ a: 1 }, { a: 1 }],
      billing: { email: 'e' },
    });
    const u = updateManagedFields({ ...common, oldObj: live, newObj: r.object, manager: 'z' });
    expect(u.ok).toBe(true);
  });

  it('handles wide objects in linear-ish time', () => {
    /** Milliseconds to apply n connectors, then re-apply half of them reversed. */
    const run = (n: number): number => {
      const connectors = Array.from({ length: n }, (_, i) => ({ name: `c${i}`, url: `u${i}` }));
      const start = performance.now();
      const first = apply({
        ...common,
        live: undefined,
        applied: agent({ connectors }),
        manager: 'a',
        force: false,
      });
      expect(first.ok).toBe(true);
      if (!first.ok) return Infinity;
      const second = apply({
        ...common,
        live: first.object,
        applied: agent({ connectors: connectors.slice(0, n / 2).reverse() }),
        manager: 'a',
        force: false,
      });
      expect(second.ok && (second.object.spec as { connectors: unknown[] }).connectors.length).toBe(n / 2);
      return performance.now() - start;
    };
    run(2_000); // warm up
    const small = Math.max(run(2_000), 5);
    const large = run(20_000);
    // 10× the width: linear work takes about 10× as long, quadratic about 100×; the ratio holds on
    // a slow or busy machine where an absolute bound would not
    expect(large / small).toBeLessThan(40);
  });

  it('never throws on non-object input', () => {
    for (const bad of [null, 1, 'x', [], undefined]) {
      expect(apply({ ...common, live: undefined, applied: bad, manager: 'k', force: false }).ok).toBe(false);
      expect(fieldsOf(bad, SCHEMA)).toEqual({});
    }
  });
});
