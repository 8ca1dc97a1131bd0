import { describe, expect, it } from '@jest/globals';
import type { Schema } from './types.js';
import { validateSchema } from './validate.js';

const s: Schema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        template: {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          'x-kubernetes-preserve-unknown-fields': true,
        },
      },
    },
  },
};
const msgs = (template: unknown): string[] => validateSchema({ spec: { template } }, s).map((e) => e.message);

describe('x-kubernetes-embedded-resource', () => {
  it('accepts a well-formed embedded object without a name', () => {
    expect(msgs({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { labels: { a: 'b' } } })).toEqual([]);
  });

  it('requires apiVersion and kind', () => {
    expect(msgs({})).toEqual([
      'spec.template.apiVersion: Required value',
      'spec.template.kind: Required value',
    ]);
    expect(msgs({ apiVersion: '', kind: '' })).toEqual([
      'spec.template.apiVersion: Required value',
      'spec.template.kind: Required value',
    ]);
  });

  it('checks their shape', () => {
    expect(msgs({ apiVersion: 'a/b/c', kind: 'Bad_Kind' })).toEqual([
      'spec.template.apiVersion: Invalid value: "a/b/c": unexpected GroupVersion string: a/b/c',
      `spec.template.kind: Invalid value: "Bad_Kind": may have mixed case, but should otherwise match: a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    ]);
    expect(msgs({ apiVersion: 1, kind: true })).toEqual([
      'spec.template.apiVersion: Invalid value: 1: must be a string',
      'spec.template.kind: Invalid value: true: must be a string',
    ]);
  });

  it('validates metadata with path-segment names', () => {
    expect(msgs({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a/b', labels: { x: '-' } } })).toEqual([
      'spec.template.metadata.name: Invalid value: "a/b": may not contain \'/\'',
      `spec.template.metadata.labels: Invalid value: "-": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    ]);
    expect(msgs({ apiVersion: 'v1', kind: 'Pod', metadata: null })).toEqual([]);
  });
});
