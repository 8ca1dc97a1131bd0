import { describe, expect, it } from '@jest/globals';
import { bodyTypeInvalid, required } from './field.js';
import { aggregateMessage, formatInvalid, groupKindString, toStatusCauses } from './status.js';

const model = required('spec.model');
const tools = bodyTypeInvalid('spec.tools', 'array', 'string');

describe('formatInvalid', () => {
  it('brackets several errors', () => {
    expect(formatInvalid('Agent.orgplane.io', 'broken', [model, tools])).toBe(
      'Agent.orgplane.io "broken" is invalid: [spec.model: Required value, spec.tools: Invalid value: "string": spec.tools in body must be of type array: "string"]',
    );
  });
  it('prints a single error without brackets', () => {
    expect(formatInvalid('Agent.orgplane.io', 'broken', [model])).toBe(
      'Agent.orgplane.io "broken" is invalid: spec.model: Required value',
    );
  });
  it('drops repeated messages and Go-quotes the name', () => {
    expect(formatInvalid('Namespace', 'a"b', [model, model])).toBe(
      'Namespace "a\\"b" is invalid: spec.model: Required value',
    );
    expect(formatInvalid('Namespace', 'x', [])).toBe('Namespace "x" is invalid');
    expect(aggregateMessage([model, tools, model])).toBe(`[${model.message}, ${tools.message}]`);
  });
  it('names group kinds as kube does', () => {
    expect(groupKindString('orgplane.io', 'Agent')).toBe('Agent.orgplane.io');
    expect(groupKindString('', 'Namespace')).toBe('Namespace');
  });
});

describe('toStatusCauses', () => {
  it('lists every error as reason, message (the body) and field', () => {
    expect(toStatusCauses([model, tools, model])).toEqual([
      { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.model' },
      {
        reason: 'FieldValueTypeInvalid',
        message: 'Invalid value: "string": spec.tools in body must be of type array: "string"',
        field: 'spec.tools',
      },
      { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.model' },
    ]);
  });
  it('omits an empty field', () => {
    expect(toStatusCauses([required('')])).toEqual([
      { reason: 'FieldValueRequired', message: 'Required value' },
    ]);
  });
});
