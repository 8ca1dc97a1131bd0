import { describe, expect, it } from '@jest/globals';
import { applyDefaults } from './defaults.js';
import type { Schema } from './types.js';

const widget: Schema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        size: { type: 'integer' },
        colour: { type: 'string', default: 'blue' },
        opts: { type: 'object', default: {}, properties: { retries: { type: 'integer', default: 3 } } },
        nested: { type: 'object', properties: { level: { type: 'string', default: 'info' } } },
        note: { type: 'string', nullable: true, default: 'n' },
        plain: { type: 'string' },
        ports: {
          type: 'array',
          items: { type: 'object', properties: { proto: { type: 'string', default: 'TCP' } } },
        },
        limits: { type: 'object', additionalProperties: { type: 'string', default: 'x' } },
      },
    },
  },
};

const apply = (o: unknown): unknown => {
  const copy = JSON.parse(JSON.stringify(o)) as unknown;
  applyDefaults(copy, widget);
  return copy;
};

describe('applyDefaults', () => {
  it('fills absent fields and recurses into defaulted objects', () => {
    expect(apply({ spec: { size: 1 } })).toEqual({
      spec: { size: 1, colour: 'blue', opts: { retries: 3 }, note: 'n' },
    });
  });

  it('never creates parents that have no default', () => {
    expect(apply({ metadata: { name: 'w' } })).toEqual({ metadata: { name: 'w' } });
    expect(apply({ spec: { nested: {} } })).toMatchObject({ spec: { nested: { level: 'info' } } });
  });

  it('keeps values that are set', () => {
    expect(apply({ spec: { colour: 'red', opts: { retries: 0 } } })).toMatchObject({
      spec: { colour: 'red', opts: { retries: 0 } },
    });
  });

  it('defaults non-nullable nulls, keeps nullable nulls, drops non-nullable nulls without default', () => {
    expect(apply({ spec: { colour: null, note: null, plain: null } })).toEqual({
      spec: { colour: 'blue', note: null, opts: { retries: 3 } },
    });
  });

  it('defaults inside list items and null map values', () => {
    expect(apply({ spec: { ports: [{}, { proto: 'UDP' }], limits: { a: null, b: 'y' } } })).toMatchObject({
      spec: { ports: [{ proto: 'TCP' }, { proto: 'UDP' }], limits: { a: 'x', b: 'y' } },
    });
  });

  it('is idempotent and copies defaults', () => {
    const once = apply({ spec: {} });
    expect(apply(once)).toEqual(once);
    const a = apply({ spec: {} }) as { spec: { opts: { retries: number } } };
    a.spec.opts.retries = 9;
    expect((apply({ spec: {} }) as { spec: { opts: { retries: number } } }).spec.opts.retries).toBe(3);
  });

  it('is total on hostile input', () => {
    expect(() => {
      applyDefaults('x', widget);
      applyDefaults(null, widget);
      applyDefaults({ spec: 'x' }, widget);
      applyDefaults({ spec: [] }, widget);
      applyDefaults({ spec: {} }, undefined);
      applyDefaults({ spec: {} }, 5 as unknown as Schema);
    }).not.toThrow();
    const props: Record<string, Schema> = {};
    const cyclic: Schema = { type: 'object', properties: props };
    props.a = { type: 'object', default: {}, properties: props };
    expect(() => {
      applyDefaults({}, cyclic);
    }).not.toThrow();
    const hostile = JSON.parse(
      '{"type":"object","properties":{"__proto__":{"type":"object","default":{"polluted":1}}}}',
    ) as Schema;
    const o: Record<string, unknown> = {};
    applyDefaults(o, hostile);
    expect(Object.getOwnPropertyDescriptor(o, '__proto__')?.value).toEqual({ polluted: 1 });
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
