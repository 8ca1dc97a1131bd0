import { describe, expect, it } from '@jest/globals';
import type { JSONSchemaProps } from './crd.js';
import { structuralErrors } from './structural.js';

const root = (properties: Record<string, JSONSchemaProps>): JSONSchemaProps => ({
  type: 'object',
  properties: { metadata: { type: 'object' }, ...properties },
});

describe('structuralErrors', () => {
  it('accepts a structural schema', () => {
    const schema = root({
      spec: {
        type: 'object',
        required: ['size'],
        properties: {
          size: { type: 'integer', minimum: 1 },
          labels: { type: 'object', additionalProperties: { type: 'string' } },
          port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
          raw: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
          any: { 'x-kubernetes-preserve-unknown-fields': true },
          tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
          conds: {
            type: 'array',
            'x-kubernetes-list-type': 'map',
            'x-kubernetes-list-map-keys': ['type'],
            items: { type: 'object', required: ['type'], properties: { type: { type: 'string' } } },
          },
        },
        oneOf: [{ required: ['size'] }, { properties: { size: { minimum: 2 } } }],
      },
    });
    expect(structuralErrors(schema)).toEqual([]);
  });

  it('lists every violation with its path', () => {
    const schema = root({
      spec: {
        type: 'object',
        properties: {
          untyped: { description: 'no type' },
          both: {
            type: 'object',
            properties: { a: { type: 'string' } },
            additionalProperties: { type: 'string' },
          },
          closed: { type: 'object', additionalProperties: false },
          unique: { type: 'array', items: { type: 'string' }, uniqueItems: true },
          keep: { type: 'object', 'x-kubernetes-preserve-unknown-fields': false },
          list: {
            type: 'array',
            'x-kubernetes-list-type': 'map',
            'x-kubernetes-list-map-keys': ['name'],
            items: { type: 'object', properties: { name: { type: 'string' } } },
          },
        },
        anyOf: [{ type: 'object', properties: { ghost: { type: 'string' } } }],
      },
    });
    const errs = structuralErrors(schema);
    expect(errs).toEqual(
      expect.arrayContaining([
        '<root>.spec.untyped: type is required',
        '<root>.spec.both: properties and additionalProperties are mutually exclusive',
        '<root>.spec.closed: additionalProperties must not be false',
        '<root>.spec.unique: uniqueItems must not be true',
        '<root>.spec.keep: x-kubernetes-preserve-unknown-fields must be true',
        '<root>.spec.list: map key "name" must be required or have a default',
        '<root>.spec.anyOf[0]: type is not allowed inside allOf/anyOf/oneOf/not',
        '<root>.spec.anyOf[0].ghost: must also be specified outside',
      ]),
    );
    expect(errs).toHaveLength(8);
  });

  it('allows only name and generateName restrictions under the root metadata', () => {
    const ok: JSONSchemaProps = {
      type: 'object',
      properties: { metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 63 } } } },
    };
    expect(structuralErrors(ok)).toEqual([]);
    const bad: JSONSchemaProps = {
      type: 'object',
      properties: {
        metadata: { type: 'object', properties: { labels: { type: 'object' } }, required: ['name'] },
      },
    };
    expect(structuralErrors(bad)).toEqual([
      '<root>.metadata.labels: only metadata.name and metadata.generateName (strings) may be restricted',
      '<root>.metadata: required not allowed on metadata',
    ]);
  });

  it('requires an object root', () => {
    expect(structuralErrors({ type: 'string' })).toEqual(['<root>: must be type object']);
  });
});
