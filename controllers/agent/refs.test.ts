import { describe, expect, it } from '@jest/globals';
import { fc, test as fcTest } from '@fast-check/jest';
import type { Agent } from '../types.js';
import { missingConfig, type ConfigObject } from './config.js';
import { envRefs, RefIndex, type ConfigKind } from './refs.js';

const NAMESPACES = ['acme', 'wayne'] as const;
const NAMES = ['a', 'b', 'c'] as const;
const KEYS = ['k1', 'k2'] as const;
const KINDS: readonly ConfigKind[] = ['Secret', 'ConfigMap'];

const agentOf = (namespace: string, name: string, refs: readonly Ref[]): Agent => ({
  apiVersion: 'orgplane.io/v1alpha1',
  kind: 'Agent',
  metadata: { name, namespace },
  spec: {
    model: 'm',
    env: refs.map((r, i) => ({
      name: `V${String(i)}`,
      valueFrom:
        r.kind === 'Secret'
          ? { secretKeyRef: { name: r.name, key: r.key, optional: r.optional } }
          : { configMapKeyRef: { name: r.name, key: r.key, optional: r.optional } },
    })),
  },
});

interface Ref {
  kind: ConfigKind;
  name: string;
  key: string;
  optional: boolean;
}
type Op =
  | { op: 'agent'; namespace: string; name: string; refs: Ref[] }
  | { op: 'deleteAgent'; namespace: string; name: string }
  | { op: 'config'; kind: ConfigKind; namespace: string; name: string; keys: string[] }
  | { op: 'deleteConfig'; kind: ConfigKind; namespace: string; name: string };

const ns = fc.constantFrom(...NAMESPACES);
const name = fc.constantFrom(...NAMES);
const kind = fc.constantFrom(...KINDS);
const ref = fc.record({ kind, name, key: fc.constantFrom(...KEYS), optional: fc.boolean() });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant('agent' as const),
    namespace: ns,
    name,
    refs: fc.array(ref, { maxLength: 3 }),
  }),
  fc.record({ op: fc.constant('deleteAgent' as const), namespace: ns, name }),
  fc.record({
    op: fc.constant('config' as const),
    kind,
    namespace: ns,
    name,
    keys: fc.subarray([...KEYS]),
  }),
  fc.record({ op: fc.constant('deleteConfig' as const), kind, namespace: ns, name }),
);

/**
 * Plays ops as the controller sees them: an agent event reconciles that agent, a Secret or
 * ConfigMap event reconciles the agents the index names. After every op, each agent's last
 * reconciled readiness must equal a recomputation from scratch.
 */
function play(ops: readonly Op[]): void {
  const agents = new Map<string, Agent>();
  const configs = new Map<string, ConfigObject>();
  const cfgKey = (k: ConfigKind, n: string, name: string): string => `${k}/${n}/${name}`;
  const lookup = (k: ConfigKind, n: string, name: string) => configs.get(cfgKey(k, n, name));
  const index = new RefIndex();
  const seen = new Map<string, string[]>();
  const reconcile = (key: string): void => {
    const a = agents.get(key);
    if (a) seen.set(key, missingConfig(a, lookup));
    else seen.delete(key);
  };
  for (const o of ops) {
    const key = `${o.namespace}/${o.name}`;
    if (o.op === 'agent') {
      const a = agentOf(o.namespace, o.name, o.refs);
      agents.set(key, a);
      index.set(key, o.namespace, envRefs(a));
      reconcile(key);
    } else if (o.op === 'deleteAgent') {
      agents.delete(key);
      index.delete(key);
      reconcile(key);
    } else {
      if (o.op === 'config')
        configs.set(cfgKey(o.kind, o.namespace, o.name), {
          apiVersion: 'v1',
          kind: o.kind,
          metadata: { name: o.name, namespace: o.namespace },
          data: Object.fromEntries(o.keys.map((k) => [k, ''])),
        });
      else configs.delete(cfgKey(o.kind, o.namespace, o.name));
      const woken = index.of(o.namespace, o.kind, o.name).sort();
      const referencing = [...agents]
        .filter(([, a]) => a.metadata.namespace === o.namespace)
        .filter(([, a]) => envRefs(a).some((r) => r.kind === o.kind && r.name === o.name))
        .map(([k]) => k)
        .sort();
      expect(woken).toEqual(referencing);
      for (const k of woken) reconcile(k);
    }
    const brute = new Map([...agents].map(([k, a]) => [k, missingConfig(a, lookup)]));
    expect(seen).toEqual(brute);
  }
}

describe('RefIndex', () => {
  fcTest.prop([fc.array(op, { maxLength: 60 })], { seed: 20261206, numRuns: 400 })(
    'wakes exactly the dependents, so readiness always equals a recomputation',
    (ops) => {
      play(ops);
    },
  );

  it('forgets an agent’s old references when it changes or goes', () => {
    const index = new RefIndex();
    index.set(
      'acme/bot',
      'acme',
      envRefs(agentOf('acme', 'bot', [{ kind: 'Secret', name: 'a', key: 'k', optional: false }])),
    );
    expect(index.of('acme', 'Secret', 'a')).toEqual(['acme/bot']);
    expect(index.of('wayne', 'Secret', 'a')).toEqual([]);
    expect(index.of('acme', 'ConfigMap', 'a')).toEqual([]);
    index.set(
      'acme/bot',
      'acme',
      envRefs(agentOf('acme', 'bot', [{ kind: 'ConfigMap', name: 'b', key: 'k', optional: false }])),
    );
    expect(index.of('acme', 'Secret', 'a')).toEqual([]);
    expect(index.of('acme', 'ConfigMap', 'b')).toEqual(['acme/bot']);
    index.delete('acme/bot');
    expect(index.size).toBe(0);
  });
});
