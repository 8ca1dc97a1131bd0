import { onlyDriftConflicts, conflictingManagers } from './conflicts.js';
import { parseDuration, readiness } from './wait.js';

describe('readiness', () => {
  const obj = (generation: number, status: unknown): Record<string, unknown> => ({
    metadata: { generation },
    status,
  });

  it('needs Ready=True for the current generation', () => {
    expect(
      readiness(obj(2, { conditions: [{ type: 'Ready', status: 'True', observedGeneration: 2 }] })),
    ).toBe('ready');
    expect(
      readiness(obj(3, { conditions: [{ type: 'Ready', status: 'True', observedGeneration: 2 }] })),
    ).toBe('pending');
    expect(
      readiness(obj(2, { observedGeneration: 1, conditions: [{ type: 'Ready', status: 'True' }] })),
    ).toBe('pending');
    expect(readiness(obj(1, { conditions: [{ type: 'Ready', status: 'False' }] }))).toBe('pending');
  });

  it('treats an object no controller reports on as ready after a grace period', () => {
    expect(readiness(obj(1, undefined))).toBe('grace');
    expect(readiness(obj(1, { observedGeneration: 1 }))).toBe('ready');
  });
});

describe('parseDuration', () => {
  it('parses units and rejects garbage', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration('5')).toBe(5000);
    expect(() => parseDuration('soon')).toThrow(/invalid duration/);
  });
});

describe('conflicts', () => {
  const msg =
    'Apply failed with 1 conflict: conflict with "kubectl-patch" using orgplane.io/v1alpha1: .spec.model';
  const live = (operation: string): Record<string, unknown> => ({
    metadata: { managedFields: [{ manager: 'kubectl-patch', operation }] },
  });

  it('heals only conflicts with imperative Update managers', () => {
    expect(conflictingManagers(msg)).toEqual(['kubectl-patch']);
    expect(onlyDriftConflicts(msg, live('Update'))).toBe(true);
    expect(onlyDriftConflicts(msg, live('Apply'))).toBe(false);
    expect(onlyDriftConflicts('conflict', live('Update'))).toBe(false);
  });
});
