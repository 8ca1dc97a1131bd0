import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../api/meta.js';
import { assess, bandFromReason, excessAgents } from './usage.js';

const a = (name: string, created: string, deleting = false): KubeObject => ({
  apiVersion: 'orgplane.io/v1alpha1',
  kind: 'Agent',
  metadata: { name, creationTimestamp: created, ...(deleting ? { deletionTimestamp: created } : {}) },
});

describe('assess', () => {
  it('bands usage at 80 % and 100 % of the tightest quota', () => {
    expect(assess({ agents: 3 }, { agents: 5 })).toEqual({ band: 0, exceeded: false, detail: '' });
    expect(assess({ agents: 4 }, { agents: 5 })).toEqual({
      band: 1,
      exceeded: false,
      detail: 'agents: 4 of 5',
    });
    expect(assess({ agents: 5 }, { agents: 5 })).toEqual({
      band: 2,
      exceeded: false,
      detail: 'agents: 5 of 5',
    });
    expect(assess({ agents: 6, x: 1 }, { agents: 5, x: 10 })).toEqual({
      band: 2,
      exceeded: true,
      detail: 'agents: 6 of 5',
    });
    expect(assess({ agents: 0 }, { agents: 0 }).band).toBe(0);
    expect(assess({}, { agents: 1 }).band).toBe(0);
  });

  it('reads the band back from the condition reason', () => {
    expect([undefined, 'WithinQuota', 'NearQuota', 'AtQuota', 'OverQuota'].map(bandFromReason)).toEqual([
      0, 0, 1, 2, 2,
    ]);
  });
});

describe('excessAgents', () => {
  it('picks the newest beyond the quota, by creationTimestamp then name, ignoring deleting ones', () => {
    const agents = [
      a('c', '2025-01-01T00:00:03Z'),
      a('a', '2025-01-01T00:00:01Z'),
      a('b2', '2025-01-01T00:00:02Z'),
      a('b1', '2025-01-01T00:00:02Z'),
      a('old', '2025-01-01T00:00:00Z', true),
    ];
    expect([...excessAgents(agents, 2)].sort()).toEqual(['b2', 'c']);
    expect(excessAgents(agents, undefined).size).toBe(0);
    expect(excessAgents(agents, 10).size).toBe(0);
  });
});
