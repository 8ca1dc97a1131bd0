import { describe, expect, it } from '@jest/globals';
import {
  bodyTypeInvalid,
  child,
  duplicate,
  forbidden,
  index,
  internalError,
  invalid,
  key,
  notFound,
  notSupported,
  openAPIField,
  required,
  tooLong,
  tooMany,
  typeInvalid,
} from './field.js';

describe('field errors', () => {
  it('Required value, with and without detail', () => {
    expect(required('spec.model')).toEqual({
      type: 'FieldValueRequired',
      reason: 'FieldValueRequired',
      field: 'spec.model',
      detail: 'Required value',
      message: 'spec.model: Required value',
    });
    expect(required('metadata.name', 'name or generateName is required').message).toBe(
      'metadata.name: Required value: name or generateName is required',
    );
  });

  it('Invalid value renders the bad value the Go way', () => {
    const e = invalid('spec.size', 0, 'spec.size in body should be greater than or equal to 1');
    expect(e.message).toBe(
      'spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1',
    );
    expect(e.badValue).toBe(0);
    expect(invalid('x', 'a"b', 'd').message).toBe('x: Invalid value: "a\\"b": d');
    expect(invalid('x', { b: 1, a: 2 }, 'd').message).toBe('x: Invalid value: {"a":2,"b":1}: d');
    expect(invalid('x', null, 'd').message).toBe('x: Invalid value: null: d');
    expect(invalid('x', 1.5, '').message).toBe('x: Invalid value: 1.5');
  });

  it('TypeInvalid prints as Invalid value', () => {
    const e = typeInvalid('spec.tools', 'string', 'spec.tools in body must be of type array: "string"');
    expect(e.type).toBe('FieldValueTypeInvalid');
    expect(e.message).toBe(
      'spec.tools: Invalid value: "string": spec.tools in body must be of type array: "string"',
    );
  });

  it('Unsupported value quotes every supported value', () => {
    expect(notSupported('spec.plan', 'x', ['a', 'b']).message).toBe(
      'spec.plan: Unsupported value: "x": supported values: "a", "b"',
    );
    expect(notSupported('spec.plan', 'x', []).message).toBe('spec.plan: Unsupported value: "x"');
  });

  it('Too long never shows the value', () => {
    expect(tooLong('metadata.annotations', 262144).message).toBe(
      'metadata.annotations: Too long: may not be more than 262144 bytes',
    );
    expect(tooLong('x', 1).message).toBe('x: Too long: may not be more than 1 byte');
    expect(tooLong('x', -1).message).toBe('x: Too long: value is too long');
  });

  it('Too many shows the count', () => {
    expect(tooMany('spec.tools', 3, 2).message).toBe('spec.tools: Too many: 3: must have at most 2 items');
    expect(tooMany('x', 2, 1).message).toBe('x: Too many: 2: must have at most 1 item');
    expect(tooMany('x', -1, 2).message).toBe('x: Too many: must have at most 2 items');
  });

  it('Duplicate, Forbidden, Not found, Internal error', () => {
    expect(duplicate('spec.tools[1]', 'a').message).toBe('spec.tools[1]: Duplicate value: "a"');
    expect(duplicate('spec.l[1]', { name: 'a' }).message).toBe('spec.l[1]: Duplicate value: {"name":"a"}');
    expect(forbidden('metadata.namespace', 'not allowed on this type').message).toBe(
      'metadata.namespace: Forbidden: not allowed on this type',
    );
    expect(notFound('x', 'y').message).toBe('x: Not found: "y"');
    expect(internalError('x', 'boom').message).toBe('x: Internal error: boom');
  });

  it('paths and kube-openapi names', () => {
    expect(child('', 'spec')).toBe('spec');
    expect(child('spec', 'tools')).toBe('spec.tools');
    expect(index('spec.tools', 0)).toBe('spec.tools[0]');
    expect(key('spec.quota', 'agents')).toBe('spec.quota[agents]');
    expect(openAPIField('.apiVersion')).toBe('apiVersion');
    expect(openAPIField('')).toBe('<nil>');
    expect(bodyTypeInvalid('spec.tools', 'array', 'string').message).toBe(
      'spec.tools: Invalid value: "string": spec.tools in body must be of type array: "string"',
    );
  });
});
