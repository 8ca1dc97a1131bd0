import { describe, expect, it } from '@jest/globals';
import type { Schema } from './types.js';
import { validateSchema } from './validate.js';

const msgs = (obj: unknown, s: Schema): string[] => validateSchema(obj, s).map((e) => e.message);
const spec = (properties: Record<string, Schema>, extra: Partial<Schema> = {}): Schema => ({
  type: 'object',
  properties: { spec: { type: 'object', properties, ...extra } },
});

const agent = spec(
  {
    model: { type: 'string' },
    tools: { type: 'array', items: { type: 'string' } },
    description: { type: 'string' },
  },
  { required: ['model'] },
);

describe('validateSchema: the Agent example', () => {
  it('lists every violation, required after the properties as kube-openapi does', () => {
    expect(msgs({ spec: { description: 'x', tools: 'search' } }, agent)).toEqual([
      'spec.tools: Invalid value: "string": spec.tools in body must be of type array: "string"',
      'spec.model: Required value',
    ]);
    const [typeErr, reqErr] = validateSchema({ spec: { tools: 'search' } }, agent);
    expect(typeErr).toMatchObject({
      type: 'FieldValueTypeInvalid',
      field: 'spec.tools',
      detail: 'Invalid value: "string": spec.tools in body must be of type array: "string"',
    });
    expect(reqErr).toMatchObject({
      type: 'FieldValueRequired',
      field: 'spec.model',
      detail: 'Required value',
    });
  });
  it('accepts a valid object', () => {
    expect(msgs({ spec: { model: 'gpt-4o', tools: ['search'] } }, agent)).toEqual([]);
  });
});

describe('validateSchema: types', () => {
  const s = spec({
    n: { type: 'integer' },
    f: { type: 'number' },
    b: { type: 'boolean' },
    o: { type: 'object' },
    port: { 'x-kubernetes-int-or-string': true },
    nul: { type: 'string', nullable: true },
  });
  it('names the actual JSON type', () => {
    expect(msgs({ spec: { n: 1.5, f: 'x', b: 1, o: [] } }, s)).toEqual([
      'spec.n: Invalid value: "number": spec.n in body must be of type integer: "number"',
      'spec.f: Invalid value: "string": spec.f in body must be of type number: "string"',
      'spec.b: Invalid value: "integer": spec.b in body must be of type boolean: "integer"',
      'spec.o: Invalid value: "array": spec.o in body must be of type object: "array"',
    ]);
  });
  it('accepts integers as numbers, and 2.0 as an integer', () => {
    expect(msgs({ spec: { n: 2.0, f: 3 } }, s)).toEqual([]);
  });
  it('int-or-string takes either', () => {
    expect(msgs({ spec: { port: 80 } }, s)).toEqual([]);
    expect(msgs({ spec: { port: 'http' } }, s)).toEqual([]);
    expect(msgs({ spec: { port: true } }, s)).toEqual([
      'spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"',
    ]);
  });
  it('null is an error unless nullable', () => {
    expect(msgs({ spec: { nul: null } }, s)).toEqual([]);
    expect(msgs({ spec: { n: null } }, s)).toEqual([
      'spec.n: Invalid value: "null": spec.n in body must be of type integer: "null"',
    ]);
  });
  it('reports a wrong root type at the nil path', () => {
    expect(msgs('x', agent)).toEqual([
      '<nil>: Invalid value: "string":  in body must be of type object: "string"',
    ]);
  });
});

describe('validateSchema: strings', () => {
  const s = spec({
    name: { type: 'string', maxLength: 5, minLength: 2, pattern: '^[a-z]+$' },
    plan: { type: 'string', enum: ['free', 'professional'] },
  });
  it('maxLength never shows the value; counts characters', () => {
    expect(msgs({ spec: { name: 'abcdef' } }, s)).toEqual([
      'spec.name: Too long: may not be more than 5 bytes',
    ]);
    expect(msgs({ spec: { name: 'ééééé' } }, s)).toEqual([
      'spec.name: Invalid value: "ééééé": spec.name in body should match \'^[a-z]+$\'',
    ]);
  });
  it('minLength, then pattern, one error per string', () => {
    expect(msgs({ spec: { name: 'A' } }, s)).toEqual([
      'spec.name: Invalid value: "A": spec.name in body should be at least 2 chars long',
    ]);
    expect(msgs({ spec: { name: 'AB' } }, s)).toEqual([
      'spec.name: Invalid value: "AB": spec.name in body should match \'^[a-z]+$\'',
    ]);
  });
  it('enum', () => {
    expect(msgs({ spec: { plan: 'gold' } }, s)).toEqual([
      'spec.plan: Unsupported value: "gold": supported values: "free", "professional"',
    ]);
    expect(msgs({ spec: { plan: 3 } }, s)).toEqual([
      'spec.plan: Invalid value: "integer": spec.plan in body must be of type string: "integer"',
      'spec.plan: Unsupported value: 3: supported values: "free", "professional"',
    ]);
  });
  it('non-string enum values are JSON in the supported list', () => {
    const e = spec({ level: { type: 'integer', enum: [1, 2] } });
    expect(msgs({ spec: { level: 3 } }, e)).toEqual([
      'spec.level: Unsupported value: 3: supported values: "1", "2"',
    ]);
  });
});

describe('validateSchema: numbers', () => {
  const s = spec({
    size: { type: 'integer', minimum: 1, maximum: 10 },
    ratio: { type: 'number', minimum: 0.5, exclusiveMaximum: true, maximum: 1 },
    big: { type: 'integer', maximum: 1000000 },
    frac: { type: 'number', maximum: 1000000 },
  });
  it('minimum and maximum with kube wording', () => {
    expect(msgs({ spec: { size: 0 } }, s)).toEqual([
      'spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1',
    ]);
    expect(msgs({ spec: { size: 11 } }, s)).toEqual([
      'spec.size: Invalid value: 11: spec.size in body should be less than or equal to 10',
    ]);
    expect(msgs({ spec: { ratio: 1 } }, s)).toEqual([
      'spec.ratio: Invalid value: 1: spec.ratio in body should be less than 1',
    ]);
    expect(msgs({ spec: { ratio: 0.25 } }, s)).toEqual([
      'spec.ratio: Invalid value: 0.25: spec.ratio in body should be greater than or equal to 0.5',
    ]);
  });
  it('compares integer values against the truncated bound, as kube-openapi does', () => {
    const q = spec({ n: { type: 'integer', minimum: 0.5, exclusiveMinimum: true } });
    expect(msgs({ spec: { n: 1 } }, q)).toEqual([]);
    expect(msgs({ spec: { n: 0 } }, q)).toEqual([
      'spec.n: Invalid value: 0: spec.n in body should be greater than 0',
    ]);
  });
  it('prints bounds as Go does: int64 for integer values, %v for floats', () => {
    expect(msgs({ spec: { big: 2000000 } }, s)).toEqual([
      'spec.big: Invalid value: 2000000: spec.big in body should be less than or equal to 1000000',
    ]);
    expect(msgs({ spec: { frac: 2000000.5 } }, s)).toEqual([
      'spec.frac: Invalid value: 2.0000005e+06: spec.frac in body should be less than or equal to 1e+06',
    ]);
  });
});

describe('validateSchema: arrays and objects', () => {
  const s = spec({
    tools: { type: 'array', minItems: 1, maxItems: 2, items: { type: 'string', maxLength: 3 } },
    uniq: { type: 'array', uniqueItems: true },
    labels: { type: 'object', minProperties: 1, maxProperties: 2, additionalProperties: { type: 'string' } },
    closed: { type: 'object', additionalProperties: false, properties: { a: { type: 'string' } } },
  });
  it('items, minItems, maxItems', () => {
    expect(msgs({ spec: { tools: [] } }, s)).toEqual([
      'spec.tools: Invalid value: 0: spec.tools in body should have at least 1 items',
    ]);
    expect(msgs({ spec: { tools: ['a', 'bbbb', 'c'] } }, s)).toEqual([
      'spec.tools[1]: Too long: may not be more than 3 bytes',
      'spec.tools: Too many: 3: must have at most 2 items',
    ]);
  });
  it('uniqueItems', () => {
    expect(
      msgs(
        {
          spec: {
            uniq: [
              { a: 1, b: 2 },
              { b: 2, a: 1 },
            ],
          },
        },
        s,
      ),
    ).toEqual(['spec.uniq: Invalid value: "": spec.uniq in body shouldn\'t contain duplicates']);
  });
  it('property counts stop the object check; map values are validated', () => {
    expect(msgs({ spec: { labels: {} } }, s)).toEqual([
      'spec.labels: Invalid value: 0: spec.labels in body should have at least 1 properties',
    ]);
    expect(msgs({ spec: { labels: { a: 1, b: 2, c: 3 } } }, s)).toEqual([
      'spec.labels: Too many: 3: must have at most 2 items',
    ]);
    expect(msgs({ spec: { labels: { a: 1 } } }, s)).toEqual([
      'spec.labels.a: Invalid value: "integer": spec.labels.a in body must be of type string: "integer"',
    ]);
  });
  it('additionalProperties: false forbids other keys', () => {
    expect(msgs({ spec: { closed: { a: 'x', b: 'y' } } }, s)).toEqual([
      'spec.closed: Invalid value: "b": spec.closed.b in body is a forbidden property',
    ]);
  });
});

describe('validateSchema: formats', () => {
  const s = spec({
    at: { type: 'string', format: 'date-time' },
    mail: { type: 'string', format: 'email' },
    custom: { type: 'string', format: 'not-a-kube-format' },
  });
  it('reports a bad format as a type error naming the format', () => {
    expect(msgs({ spec: { at: 'yesterday' } }, s)).toEqual([
      'spec.at: Invalid value: "yesterday": spec.at in body must be of type date-time: "yesterday"',
    ]);
    expect(msgs({ spec: { at: '2024-05-01T10:00:00Z', mail: 'a@b.example' } }, s)).toEqual([]);
  });
  it('ignores formats kube does not support', () => {
    expect(msgs({ spec: { custom: 'anything' } }, s)).toEqual([]);
  });
  it('a non-string value of a formatted field names the format', () => {
    expect(msgs({ spec: { at: 5 } }, s)).toEqual([
      'spec.at: Invalid value: "int64": spec.at in body must be of type date-time: "int64"',
    ]);
  });
});

describe('validateSchema: hostile input never throws', () => {
  it('wrong shapes, hostile keys, cyclic schemas, deep data', () => {
    const cyclic: Schema = { type: 'object', properties: {} };
    (cyclic.properties as Record<string, Schema>).a = cyclic;
    let deep: unknown = {};
    for (let i = 0; i < 100000; i++) deep = { a: deep };
    expect(() => validateSchema(deep, cyclic)).not.toThrow();
    expect(msgs(JSON.parse('{"__proto__":{"x":1},"spec":{"constructor":{},"toString":1}}'), agent)).toEqual([
      'spec.model: Required value',
    ]);
    expect(
      msgs(
        { spec: { model: 'm' } },
        JSON.parse('{"properties":{"spec":{"required":"model","properties":[1]}}}') as Schema,
      ),
    ).toEqual([]);
    expect(validateSchema({ a: 1 }, undefined)).toEqual([]);
    expect(
      msgs({ spec: { name: 'x'.repeat(3_000_000) } }, spec({ name: { type: 'string', maxLength: 10 } })),
    ).toEqual(['spec.name: Too long: may not be more than 10 bytes']);
  });
});
