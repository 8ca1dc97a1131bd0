import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../api/meta.js';
import { validateAgentEnv } from './agent.js';

const agent = (env: unknown): KubeObject => ({
  apiVersion: 'orgplane.io/v1alpha1',
  kind: 'Agent',
  metadata: { name: 'bot', namespace: 'acme' },
  spec: { model: 'gpt-4', env },
});
const messages = (env: unknown): string[] => validateAgentEnv(agent(env)).map((e) => e.message);

const CONFIG_KEY_MSG =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
const ENV_NAME_MSG =
  "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";
const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const secret = (name: string, key: string) => ({ secretKeyRef: { name, key } });
const configMap = (name: string, key: string) => ({ configMapKeyRef: { name, key } });

describe('Agent spec.env validation', () => {
  it.each([
    ['a literal value', [{ name: 'TONE', value: 'warm' }]],
    ['an empty value', [{ name: 'EMPTY', value: '' }]],
    ['a secret key', [{ name: 'OPENAI_API_KEY', valueFrom: secret('llm-keys', 'openai') }]],
    ['a config map key', [{ name: 'my.env-name', valueFrom: configMap('settings.v1', 'tone.txt') }]],
    ['valueFrom beside an empty value', [{ name: 'X', value: '', valueFrom: secret('s', 'k') }]],
    [
      'an optional ref',
      [{ name: 'X', valueFrom: { secretKeyRef: { name: 's', key: 'k', optional: true } } }],
    ],
    ['no env', undefined],
  ])('accepts %s', (_, env) => {
    expect(messages(env)).toEqual([]);
  });

  it.each([
    [
      'value and valueFrom',
      [{ name: 'X', value: 'a', valueFrom: secret('s', 'k') }],
      ['spec.env[0].valueFrom: Invalid value: "": may not be specified when `value` is not empty'],
    ],
    [
      'both refs',
      [{ name: 'X', valueFrom: { ...secret('s', 'k'), ...configMap('c', 'k') } }],
      ['spec.env[0].valueFrom: Invalid value: "": may not have more than one field specified at a time'],
    ],
    [
      'neither ref',
      [{ name: 'X', valueFrom: {} }],
      ['spec.env[0].valueFrom: Invalid value: "": must specify one of: `configMapKeyRef` or `secretKeyRef`'],
    ],
    ['an empty name', [{ name: '', value: 'a' }], ['spec.env[0].name: Required value']],
    [
      'a name starting with a digit',
      [{ name: '1X', value: 'a' }],
      [`spec.env[0].name: Invalid value: "1X": ${ENV_NAME_MSG}`],
    ],
    [
      'a name with "="',
      [{ name: 'A=B', value: 'a' }],
      [`spec.env[0].name: Invalid value: "A=B": ${ENV_NAME_MSG}`],
    ],
    [
      'the name ".."',
      [{ name: '..', value: 'a' }],
      [`spec.env[0].name: Invalid value: "..": must not be '..'`],
    ],
    [
      'a secret key with a slash',
      [
        { name: 'A', value: 'x' },
        { name: 'B', valueFrom: secret('s', 'a/b') },
      ],
      [`spec.env[1].valueFrom.secretKeyRef.key: Invalid value: "a/b": ${CONFIG_KEY_MSG}`],
    ],
    [
      'a config map key of 254 bytes',
      [{ name: 'B', valueFrom: configMap('c', 'k'.repeat(254)) }],
      [
        `spec.env[0].valueFrom.configMapKeyRef.key: Invalid value: "${'k'.repeat(254)}": must be no more than 253 characters`,
      ],
    ],
    [
      'an empty key',
      [{ name: 'B', valueFrom: secret('s', '') }],
      ['spec.env[0].valueFrom.secretKeyRef.key: Required value'],
    ],
    [
      'a ref name that is not a subdomain',
      [{ name: 'B', valueFrom: configMap('Bad_Name', 'k') }],
      [`spec.env[0].valueFrom.configMapKeyRef.name: Invalid value: "Bad_Name": ${SUBDOMAIN_MSG}`],
    ],
  ])('refuses %s', (_, env, want) => {
    expect(messages(env)).toEqual(want);
  });

  it('reports every problem of every entry at once', () => {
    const errs = validateAgentEnv(
      agent([
        { name: '1X', value: 'a', valueFrom: secret('S', 'a/b') },
        { name: 'ok', valueFrom: {} },
      ]),
    );
    expect(errs.map((e) => [e.field, e.reason])).toEqual([
      ['spec.env[0].name', 'FieldValueInvalid'],
      ['spec.env[0].valueFrom.secretKeyRef.name', 'FieldValueInvalid'],
      ['spec.env[0].valueFrom.secretKeyRef.key', 'FieldValueInvalid'],
      ['spec.env[0].valueFrom', 'FieldValueInvalid'],
      ['spec.env[1].valueFrom', 'FieldValueInvalid'],
    ]);
  });

  it('leaves mistyped and missing fields to the schema, without throwing', () => {
    expect(messages('not a list')).toEqual([]);
    expect(messages([null, 7, { value: 'a' }, { name: 3 }, { name: 'A', valueFrom: 'x' }])).toEqual([]);
    expect(messages([{ name: 'A', valueFrom: { secretKeyRef: { key: 5 } } }])).toEqual([]);
  });
});
