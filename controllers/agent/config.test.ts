import { describe, expect, it } from '@jest/globals';
import type { Agent } from '../types.js';
import { keysOnly, missingConfig, sameKeys, type ConfigObject } from './config.js';
import type { ConfigKind } from './refs.js';

const secret: ConfigObject = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: {
    name: 'llm-keys',
    namespace: 'acme',
    uid: 'u1',
    resourceVersion: '7',
    labels: { team: 'x' },
    annotations: {
      'kubectl.kubernetes.io/last-applied-configuration': '{"stringData":{"openai":"sk-live"}}',
    },
    managedFields: [
      {
        manager: 'kubectl',
        operation: 'Update',
        apiVersion: 'v1',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:data': {} },
      },
    ],
  },
  data: { openai: 'c2stbGl2ZQ==', serp: 'YWJj' },
};

describe('keysOnly', () => {
  it('keeps the identity and the data keys, never a value', () => {
    const kept = keysOnly(secret);
    expect(kept).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'llm-keys', namespace: 'acme', uid: 'u1', resourceVersion: '7' },
      data: { openai: '', serp: '' },
    });
    expect(JSON.stringify(kept)).not.toMatch(/sk-live|c2stbGl2ZQ|YWJj/);
  });

  it('keeps an object without data as one without data', () => {
    expect(keysOnly({ ...secret, data: undefined } as unknown as ConfigObject).data).toBeUndefined();
  });
});

describe('sameKeys', () => {
  it('compares key sets, not values', () => {
    expect(sameKeys(secret, { ...secret, data: { serp: 'x', openai: 'y' } })).toBe(true);
    expect(sameKeys(secret, { ...secret, data: { serp: 'x' } })).toBe(false);
    expect(sameKeys(secret, { ...secret, data: { serp: 'x', other: 'y' } })).toBe(false);
  });
});

describe('missingConfig', () => {
  const agent: Agent = {
    apiVersion: 'orgplane.io/v1alpha1',
    kind: 'Agent',
    metadata: { name: 'bot', namespace: 'acme' },
    spec: {
      model: 'm',
      env: [
        { name: 'PLAIN', value: 'x' },
        { name: 'A', valueFrom: { secretKeyRef: { name: 'llm-keys', key: 'openai' } } },
        { name: 'B', valueFrom: { secretKeyRef: { name: 'search-keys', key: 'serp' } } },
        { name: 'C', valueFrom: { secretKeyRef: { name: 'search-keys', key: 'bing' } } },
        { name: 'D', valueFrom: { configMapKeyRef: { name: 'settings', key: 'tone' } } },
        { name: 'E', valueFrom: { configMapKeyRef: { name: 'opt', key: 'x', optional: true } } },
      ],
    },
  };
  const objects =
    (present: Record<string, string[]>) => (kind: ConfigKind, namespace: string, name: string) => {
      const keys = present[`${kind}/${namespace}/${name}`];
      return keys
        ? {
            apiVersion: 'v1',
            kind,
            metadata: { name, namespace },
            data: Object.fromEntries(keys.map((k) => [k, ''])),
          }
        : undefined;
    };

  it('names each missing object once, then each missing key, skipping optional references', () => {
    expect(missingConfig(agent, objects({}))).toEqual([
      'secret "llm-keys" not found',
      'secret "search-keys" not found',
      'configmap "settings" not found',
    ]);
    expect(
      missingConfig(
        agent,
        objects({
          'Secret/acme/llm-keys': ['openai'],
          'Secret/acme/search-keys': ['bing'],
          'ConfigMap/acme/settings': [],
        }),
      ),
    ).toEqual([
      'key "serp" not found in secret "search-keys"',
      'key "tone" not found in configmap "settings"',
    ]);
  });

  it('looks only in the agent’s namespace', () => {
    const elsewhere = objects({
      'Secret/wayne/llm-keys': ['openai'],
      'Secret/wayne/search-keys': ['serp', 'bing'],
      'ConfigMap/wayne/settings': ['tone'],
    });
    expect(missingConfig(agent, elsewhere)).toHaveLength(3);
  });

  it('is empty once everything resolves', () => {
    const all = objects({
      'Secret/acme/llm-keys': ['openai'],
      'Secret/acme/search-keys': ['serp', 'bing'],
      'ConfigMap/acme/settings': ['tone'],
    });
    expect(missingConfig(agent, all)).toEqual([]);
  });
});
