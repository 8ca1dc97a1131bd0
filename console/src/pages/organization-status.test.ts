import { describe, expect, it } from '@jest/globals';
import { organizationStatus, quotaUses } from './organization-status';

describe('organization status', () => {
  it('says Ready, Suspended, Terminating or why not ready', () => {
    const ready = {
      metadata: { name: 'a' },
      status: { conditions: [{ type: 'Ready', status: 'True' as const }] },
    };
    expect(organizationStatus(ready)).toBe('Ready');
    expect(organizationStatus({ ...ready, spec: { suspended: true } })).toBe('Suspended');
    expect(organizationStatus({ metadata: { name: 'a', deletionTimestamp: 'x' } })).toBe('Terminating');
    expect(
      organizationStatus({
        metadata: { name: 'a' },
        status: { conditions: [{ type: 'Ready', status: 'False', reason: 'QuotaExceeded' }] },
      }),
    ).toBe('Not ready (QuotaExceeded)');
    expect(organizationStatus({ metadata: { name: 'a' } })).toBe('Not ready');
  });

  it('lists every quota with its usage, 0 when not counted', () => {
    const org = {
      metadata: { name: 'a' },
      spec: { quota: { teams: 5, agents: 10 } },
      status: { usage: { agents: 8 } },
    };
    expect(quotaUses(org)).toEqual([
      { key: 'agents', used: 8, max: 10 },
      { key: 'teams', used: 0, max: 5 },
    ]);
  });
});
