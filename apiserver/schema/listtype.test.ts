import { describe, expect, it } from '@jest/globals';
import type { Schema } from './types.js';
import { validateSchema } from './validate.js';

const msgs = (obj: unknown, s: Schema): string[] => validateSchema(obj, s).map((e) => e.message);

const s: Schema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        tools: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name', 'proto'],
          items: {
            type: 'object',
            properties: { name: { type: 'string' }, proto: { type: 'string', default: 'TCP' } },
          },
        },
        groups: {
          type: 'object',
          additionalProperties: {
            type: 'array',
            'x-kubernetes-list-type': 'set',
            items: { type: 'integer' },
          },
        },
      },
    },
  },
};

describe('x-kubernetes-list-type', () => {
  it('set: the second occurrence of each value is a duplicate', () => {
    expect(msgs({ spec: { tools: ['a', 'b', 'a', 'a', 'b'] } }, s)).toEqual([
      'spec.tools[2]: Duplicate value: "a"',
      'spec.tools[4]: Duplicate value: "b"',
    ]);
    expect(msgs({ spec: { tools: ['a', 'b'] } }, s)).toEqual([]);
  });

  it('map: key tuples are unique, missing keys take their default', () => {
    const ports = [{ name: 'http' }, { name: 'http', proto: 'UDP' }, { name: 'http', proto: 'TCP' }];
    expect(msgs({ spec: { ports } }, s)).toEqual([
      'spec.ports[2]: Duplicate value: {"name":"http","proto":"TCP"}',
    ]);
  });

  it('map: items must be objects', () => {
    expect(msgs({ spec: { ports: [{ name: 'a' }, 'x'] } }, s)).toEqual([
      'spec.ports[1]: Invalid value: "string": spec.ports[1] in body must be of type object: "string"',
      'spec.ports[1]: Invalid value: "x": must be an object for an array of list-type map',
    ]);
  });

  it('map values use key paths, as kube prints them', () => {
    expect(msgs({ spec: { groups: { admins: [1, 1] } } }, s)).toEqual([
      'spec.groups[admins][1]: Duplicate value: 1',
    ]);
  });
});
