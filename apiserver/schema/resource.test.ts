import { describe, expect, it } from '@jest/globals';
import { formatInvalid } from '../validation/status.js';
import { applyDefaults } from './defaults.js';
import { pruneUnknown } from './prune.js';
import { validateResource } from './resource.js';
import type { Schema } from './types.js';
import { strictDecodingMessage } from './unknown-fields.js';

const agentSchema: Schema = {
  type: 'object',
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    spec: {
      type: 'object',
      required: ['model'],
      properties: {
        model: { type: 'string' },
        description: { type: 'string' },
        tools: { type: 'array', items: { type: 'string' } },
        instructions: { type: 'string', default: '' },
      },
    },
  },
};
const rules = { schema: agentSchema, namespaced: true };

describe('validateResource: the request path kube runs for an Agent', () => {
  it('invalid.yaml: metadata errors first, then every schema error', () => {
    const broken = {
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Agent',
      metadata: { name: 'Broken', namespace: 'acme-corp' },
      spec: { description: 'no model, and tools is not a list', tools: 'search' },
    };
    const errs = validateResource(broken, rules);
    expect(errs.map((e) => e.field)).toEqual(['metadata.name', 'spec.tools', 'spec.model']);
    expect(formatInvalid('Agent.orgplane.io', 'Broken', errs.slice(1))).toBe(
      'Agent.orgplane.io "Broken" is invalid: [spec.tools: Invalid value: "string": spec.tools in body must be of type array: "string", spec.model: Required value]',
    );
  });

  it('unknown-field.yaml: prune, then default, then validate clean', () => {
    const obj = {
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Agent',
      metadata: { name: 'colourful', namespace: 'acme-corp' },
      spec: { model: 'gpt-4', colour: 'red' },
    };
    expect(strictDecodingMessage(pruneUnknown(obj, agentSchema))).toBe(
      'strict decoding error: unknown field "spec.colour"',
    );
    applyDefaults(obj, agentSchema);
    expect(obj.spec).toEqual({ model: 'gpt-4', instructions: '' });
    expect(validateResource(obj, rules)).toEqual([]);
  });

  it('updates use the update rules for metadata', () => {
    const old = {
      metadata: { name: 'a', namespace: 'n', uid: 'u', resourceVersion: '3' },
      spec: { model: 'm' },
    };
    const next = {
      metadata: { name: 'b', namespace: 'n', uid: 'u', resourceVersion: '3' },
      spec: { model: 'm' },
    };
    expect(validateResource(next, rules, old).map((e) => e.message)).toEqual([
      'metadata.name: Invalid value: "b": field is immutable',
    ]);
  });

  it('never throws on hostile input', () => {
    expect(validateResource('x', rules).map((e) => e.field)).toEqual([
      'metadata.name',
      'metadata.namespace',
      '<nil>',
    ]);
    expect(validateResource(null, { schema: undefined, namespaced: false }, 5)).toHaveLength(1);
  });
});
