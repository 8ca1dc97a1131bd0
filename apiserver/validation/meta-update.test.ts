import { describe, expect, it } from '@jest/globals';
import { validateObjectMetaUpdate } from './meta-update.js';

const base = {
  name: 'a',
  namespace: 'ns',
  uid: 'u1',
  resourceVersion: '7',
  generation: 2,
  creationTimestamp: '2024-01-01T00:00:00Z',
};
const msgs = (n: unknown, o: unknown): string[] => validateObjectMetaUpdate(n, o).map((e) => e.message);

describe('validateObjectMetaUpdate', () => {
  it('accepts an unchanged identity', () => {
    expect(msgs({ ...base, labels: { x: 'y' } }, base)).toEqual([]);
    expect(msgs({ ...base, creationTimestamp: '2024-01-01T00:00:00.000Z' }, base)).toEqual([]);
  });
  it('requires a resourceVersion', () => {
    expect(msgs({ ...base, resourceVersion: '' }, base)).toEqual([
      'metadata.resourceVersion: Invalid value: "": must be specified for an update',
    ]);
  });
  it('keeps identity fields immutable', () => {
    expect(msgs({ ...base, name: 'b', uid: 'u2' }, base)).toEqual([
      'metadata.name: Invalid value: "b": field is immutable',
      'metadata.uid: Invalid value: "u2": field is immutable',
    ]);
    expect(msgs({ ...base, deletionGracePeriodSeconds: 30 }, base)).toEqual([
      'metadata.deletionGracePeriodSeconds: Invalid value: 30: field is immutable',
    ]);
    expect(msgs({ ...base, creationTimestamp: undefined }, base)).toEqual([
      'metadata.creationTimestamp: Invalid value: null: field is immutable',
    ]);
  });
  it('never lets generation go down', () => {
    expect(msgs({ ...base, generation: 1 }, base)).toEqual([
      'metadata.generation: Invalid value: 1: must not be decremented',
    ]);
  });
  it('forbids new finalizers on an object being deleted', () => {
    const old = { ...base, deletionTimestamp: '2024-02-01T00:00:00Z', finalizers: ['a'] };
    expect(msgs({ ...old, finalizers: ['a', 'z', 'b'] }, old)).toEqual([
      'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"b", "z"}',
    ]);
    expect(msgs({ ...old, finalizers: [] }, old)).toEqual([]);
  });
  it('re-checks labels and annotations', () => {
    expect(msgs({ ...base, labels: { x: '-' } }, base)[0]).toMatch(
      /^metadata\.labels: Invalid value: "-": a valid label/,
    );
  });
  it('never throws on hostile input', () => {
    expect(msgs('x', 5)).toEqual([
      'metadata.resourceVersion: Invalid value: "": must be specified for an update',
    ]);
  });
});
