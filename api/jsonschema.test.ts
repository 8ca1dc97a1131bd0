import { describe, expect, it } from '@jest/globals';
import { Type } from '@sinclair/typebox';
import { toJSONSchemaProps } from './jsonschema.js';
import { Int64, PreserveUnknown, ScalarSet, StringEnum, StringMap } from './schema.js';

describe('toJSONSchemaProps', () => {
  it('emits plain JSON with canonically sorted keys and properties', () => {
    const schema = Type.Object(
      { zeta: Type.String({ description: 'z' }), alpha: Type.Optional(Int64({ minimum: 0 })) },
      { description: 'root' },
    );
    const out = toJSONSchemaProps(schema);
    expect(out).toEqual({
      description: 'root',
      properties: {
        alpha: { format: 'int64', minimum: 0, type: 'integer' },
        zeta: { description: 'z', type: 'string' },
      },
      required: ['zeta'],
      type: 'object',
    });
    expect(Object.keys(out)).toEqual(['description', 'properties', 'required', 'type']);
    expect(Object.keys(out.properties ?? {})).toEqual(['alpha', 'zeta']);
    expect(Object.getOwnPropertySymbols(out)).toEqual([]);
    expect(Object.getOwnPropertySymbols(out.properties?.zeta)).toEqual([]);
  });

  it('keeps enums in order and emits maps, sets and preserve-unknown structurally', () => {
    const out = toJSONSchemaProps(
      Type.Object({
        e: StringEnum(['b', 'a'] as const),
        m: StringMap(Type.Integer()),
        s: ScalarSet('set', Type.String()),
        p: PreserveUnknown(),
      }),
    );
    expect(out.properties?.e).toEqual({ enum: ['b', 'a'], type: 'string' });
    expect(out.properties?.m).toEqual({ additionalProperties: { type: 'integer' }, type: 'object' });
    expect(out.properties?.s).toEqual({
      description: 'set',
      items: { type: 'string' },
      type: 'array',
      'x-kubernetes-list-type': 'set',
    });
    expect(out.properties?.p).toEqual({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
  });

  it('refuses keywords a CRD schema may not hold, naming the path', () => {
    expect(() => toJSONSchemaProps(Type.Object({ a: Type.Record(Type.String(), Type.String()) }))).toThrow(
      /<root>\.a: "patternProperties" is not allowed/,
    );
    expect(() => toJSONSchemaProps(Type.Object({ k: Type.Literal('x') }))).toThrow(/<root>\.k: "const"/);
    expect(() => toJSONSchemaProps(Type.Object({}, { $id: 'Thing' }))).toThrow(/"\$id" is not allowed/);
    expect(() => toJSONSchemaProps(Type.Object({ l: Type.Array(Type.Union([Type.Literal(1)])) }))).toThrow(
      /<root>\.l\[\*\]: "const"/,
    );
  });
});
