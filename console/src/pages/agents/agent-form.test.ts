import { describe, expect, it } from '@jest/globals';
import { ApiRequestError } from '../../api/errors';
import { agentFromFields, agentFromYaml, EMPTY_FIELDS, fieldErrors, fieldOf, parseEnv } from './agent-form';

describe('agentFromFields', () => {
  it('builds an Agent, leaving empty optional fields out', () => {
    expect(agentFromFields({ ...EMPTY_FIELDS, name: ' bot ', namespace: 'acme', model: 'gpt-4o' })).toEqual({
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Agent',
      metadata: { name: 'bot', namespace: 'acme' },
      spec: { model: 'gpt-4o' },
    });
  });
  it('splits tools and reads env lines, literal or from a Secret key', () => {
    const a = agentFromFields({
      ...EMPTY_FIELDS,
      name: 'bot',
      namespace: 'acme-web',
      model: 'm',
      tools: 'search, browse  code',
      env: 'MODE=fast\n\nOPENAI_API_KEY=secret:openai/key\nEMPTY',
    });
    expect(a.spec?.tools).toEqual(['search', 'browse', 'code']);
    expect(a.spec?.env).toEqual([
      { name: 'MODE', value: 'fast' },
      { name: 'OPENAI_API_KEY', valueFrom: { secretKeyRef: { name: 'openai', key: 'key' } } },
      { name: 'EMPTY', value: '' },
    ]);
    expect(parseEnv('')).toEqual([]);
  });
});

describe('agentFromYaml', () => {
  it('reads one Agent and defaults its namespace', () => {
    const r = agentFromYaml('metadata: {name: bot}\nspec: {model: gpt-4o}\n', 'acme');
    expect(r).toEqual({
      ok: true,
      agent: {
        apiVersion: 'orgplane.io/v1alpha1',
        kind: 'Agent',
        metadata: { name: 'bot', namespace: 'acme' },
        spec: { model: 'gpt-4o' },
      },
    });
    const inNs = agentFromYaml('kind: Agent\nmetadata: {name: b, namespace: acme-web}\n', 'acme');
    expect(inNs.ok && inNs.agent.metadata.namespace).toBe('acme-web');
  });
  it('refuses bad YAML, lists and other kinds, saying why', () => {
    expect(agentFromYaml('a: [', 'x')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^not valid YAML/),
    });
    expect(agentFromYaml('- a', 'x')).toEqual({ ok: false, error: 'the YAML must be one Agent object' });
    expect(agentFromYaml('kind: Secret', 'x')).toEqual({
      ok: false,
      error: 'kind must be Agent, not "Secret"',
    });
  });
});

describe('fieldErrors', () => {
  const invalid = new ApiRequestError({
    kind: 'Status',
    code: 422,
    message: 'Agent.orgplane.io "bot" is invalid',
    details: {
      causes: [
        { field: 'spec.model', message: 'Required value' },
        { field: 'spec.env[0].name', message: 'Duplicate value' },
      ],
    },
  });
  it('places each cause beside its form field', () => {
    expect(fieldErrors(invalid, false)).toEqual({
      fields: { model: 'spec.model: Required value', env: 'spec.env[0].name: Duplicate value' },
      rest: undefined,
    });
  });
  it('puts every cause beside the YAML when the YAML was pasted', () => {
    expect(fieldErrors(invalid, true).fields).toEqual({
      yaml: 'spec.model: Required value; spec.env[0].name: Duplicate value',
    });
  });
  it('puts a pasted document’s unplaced 400 or 422 beside the YAML, and a 403 in the banner', () => {
    const strict = new ApiRequestError({
      kind: 'Status',
      code: 400,
      message: 'strict decoding error: unknown field "spec.colour"',
    });
    expect(fieldErrors(strict, true)).toEqual({ fields: { yaml: strict.message }, rest: undefined });
    const denied = new ApiRequestError({ kind: 'Status', code: 403, message: 'forbidden' });
    expect(fieldErrors(denied, true)).toEqual({ fields: {}, rest: denied });
  });
  it('keeps the whole error when a cause has no field of the form, or it is no Status', () => {
    const other = new ApiRequestError({
      kind: 'Status',
      code: 422,
      details: { causes: [{ field: 'metadata.labels' }] },
    });
    expect(fieldErrors(other, false)).toEqual({ fields: {}, rest: other });
    expect(fieldErrors('boom', false)).toEqual({ fields: {}, rest: 'boom' });
    expect(fieldOf('spec.modelx', false)).toBeUndefined();
    expect(fieldOf('metadata.name', false)).toBe('name');
  });
});
