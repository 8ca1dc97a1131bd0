import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../api/meta.js';
import { defaultTransform, projectAgent } from './projections.js';
import { AGENTS, TEAMS } from './resources.js';

const agent = (): KubeObject => ({
  apiVersion: 'orgplane.io/v1alpha1',
  kind: 'Agent',
  metadata: {
    name: 'a',
    namespace: 'acme',
    labels: { team: 'x' },
    annotations: { keep: 'me', 'kubectl.kubernetes.io/last-applied-configuration': '{"big":true}' },
  },
  spec: { model: 'm', instructions: 'long '.repeat(200), suspended: true, env: [{ name: 'K', value: 'v' }] },
  status: { phase: 'Ready' },
});

describe('informer projections', () => {
  it('an Agent keeps metadata, status and only the spec fields controllers read', () => {
    const original = agent();
    const p = projectAgent(original);
    expect(p.spec).toEqual({ suspended: true, env: [{ name: 'K', value: 'v' }] });
    expect(p.status).toEqual({ phase: 'Ready' });
    expect(p.metadata.labels).toEqual({ team: 'x' });
    expect(p.metadata.annotations).toEqual({ keep: 'me' });
    expect(original.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toBe(
      '{"big":true}',
    );
  });

  it('an Agent without spec or status stays without them', () => {
    const p = projectAgent({ apiVersion: 'v', kind: 'Agent', metadata: { name: 'a' } });
    expect(p).toEqual({ apiVersion: 'v', kind: 'Agent', metadata: { name: 'a' } });
  });

  it('only the listed kinds are projected', () => {
    expect(defaultTransform(AGENTS)).toBe(projectAgent);
    expect(defaultTransform(TEAMS)).toBeUndefined();
  });
});
