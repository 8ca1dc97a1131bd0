import { describe, expect, it } from '@jest/globals';
import { validateObjectMeta } from './meta.js';

const messages = (meta: unknown, namespaced = true, nameRule?: 'label'): string[] =>
  validateObjectMeta(meta, nameRule ? { namespaced, nameRule } : { namespaced }).map((e) => e.message);

const SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

describe('validateObjectMeta: names', () => {
  it('accepts a valid namespaced object', () => {
    expect(messages({ name: 'support-bot', namespace: 'acme-corp', labels: { app: 'x' } })).toEqual([]);
  });
  it('requires a name', () => {
    expect(messages({ namespace: 'ns' })).toEqual([
      'metadata.name: Required value: name or generateName is required',
    ]);
    expect(messages(undefined, false)).toEqual([
      'metadata.name: Required value: name or generateName is required',
    ]);
  });
  it('checks names as DNS-1123 subdomains', () => {
    expect(messages({ name: 'Bad_Name', namespace: 'ns' })).toEqual([
      `metadata.name: Invalid value: "Bad_Name": ${SUBDOMAIN}`,
    ]);
    expect(messages({ name: 'a.b' }, false)).toEqual([]);
  });
  it('checks names as DNS-1123 labels when asked (namespaces)', () => {
    expect(messages({ name: 'a.b' }, false, 'label')).toEqual([
      'metadata.name: Invalid value: "a.b": must not contain dots',
    ]);
    expect(messages({ name: 'Bad_Name' }, false, 'label')).toEqual([
      `metadata.name: Invalid value: "Bad_Name": ${LABEL}`,
    ]);
  });
  it('checks generateName as a prefix', () => {
    expect(messages({ generateName: 'bot-', name: 'bot-x1', namespace: 'ns' })).toEqual([]);
    expect(messages({ generateName: 'Bot-', name: 'bot-x1', namespace: 'ns' })).toEqual([
      `metadata.generateName: Invalid value: "Bot-": ${SUBDOMAIN}`,
    ]);
  });
});

describe('validateObjectMeta: namespace and generation', () => {
  it('requires a namespace on namespaced kinds and checks it as a label', () => {
    expect(messages({ name: 'a' })).toEqual(['metadata.namespace: Required value']);
    expect(messages({ name: 'a', namespace: 'A_B' })).toEqual([
      `metadata.namespace: Invalid value: "A_B": ${LABEL}`,
    ]);
  });
  it('forbids a namespace on cluster-scoped kinds', () => {
    expect(messages({ name: 'a', namespace: 'x' }, false)).toEqual([
      'metadata.namespace: Forbidden: not allowed on this type',
    ]);
  });
  it('rejects a negative generation', () => {
    expect(messages({ name: 'a', generation: -1 }, false)).toEqual([
      'metadata.generation: Invalid value: -1: must be greater than or equal to 0',
    ]);
  });
});

describe('validateObjectMeta: labels and annotations', () => {
  it('checks label keys and values at metadata.labels', () => {
    expect(messages({ name: 'a', labels: { 'bad key': 'ok', good: '-bad' } }, false)).toEqual([
      `metadata.labels: Invalid value: "bad key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
      `metadata.labels: Invalid value: "-bad": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    ]);
    expect(messages({ name: 'a', labels: { x: 'v'.repeat(64) } }, false)).toEqual([
      'metadata.labels: Invalid value: "' + 'v'.repeat(64) + '": must be no more than 63 characters',
    ]);
  });
  it('checks annotation keys case-insensitively and their total size', () => {
    expect(messages({ name: 'a', annotations: { 'Example.COM/Owner': 'x' } }, false)).toEqual([]);
    expect(messages({ name: 'a', annotations: { 'a/b/c': 'x' } }, false)[0]).toMatch(
      /^metadata\.annotations: Invalid value: "a\/b\/c": a qualified name/,
    );
    expect(messages({ name: 'a', annotations: { big: 'x'.repeat(256 * 1024) } }, false)).toEqual([
      'metadata.annotations: Too long: may not be more than 262144 bytes',
    ]);
  });
});

describe('validateObjectMeta: hostile input never throws', () => {
  it('reports wrong types the way a schema would', () => {
    expect(messages('x', false)).toEqual([
      'metadata: Invalid value: "string": metadata in body must be of type object: "string"',
    ]);
    expect(messages({ name: 5, labels: 'x', annotations: { a: 1 }, generation: 1.5 }, false)).toEqual([
      'metadata.name: Invalid value: "integer": metadata.name in body must be of type string: "integer"',
      'metadata.generation: Invalid value: "number": metadata.generation in body must be of type integer: "number"',
      'metadata.labels: Invalid value: "string": metadata.labels in body must be of type object: "string"',
      'metadata.annotations.a: Invalid value: "integer": metadata.annotations.a in body must be of type string: "integer"',
    ]);
  });
  it('treats null as absent and __proto__ as an ordinary key', () => {
    expect(messages({ name: 'a', labels: null, annotations: null, finalizers: null }, false)).toEqual([]);
    const meta = JSON.parse('{"name":"a","labels":{"__proto__":"x"},"constructor":1}') as unknown;
    expect(messages(meta, false)).toHaveLength(1);
    expect(messages(JSON.parse('{"labels":{"toString":"x"}}'), false)).toEqual([
      'metadata.name: Required value: name or generateName is required',
    ]);
  });
});
