import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../api/meta.js';
import { namespaceStrategy } from './namespace.js';

function ns(finalizers: string[], deleting = false): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'n', ...(deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
    spec: { finalizers },
    status: { phase: deleting ? 'Terminating' : 'Active' },
  };
}

describe('namespace strategy', () => {
  it('an update keeps spec.finalizers; only the finalize subresource changes them', () => {
    const old = ns(['kubernetes'], true);
    const plain = ns([], true);
    namespaceStrategy.prepareForUpdate?.(plain, old, '');
    expect(plain.spec).toEqual({ finalizers: ['kubernetes'] });
    const finalize = ns([], true);
    namespaceStrategy.prepareForUpdate?.(finalize, old, 'finalize');
    expect(finalize.spec).toEqual({ finalizers: [] });
    expect(finalize.status).toEqual({ phase: 'Terminating' });
  });

  it('is marked on delete while a spec finalizer remains, deleted once none does', () => {
    expect(namespaceStrategy.deleteMode?.(ns(['kubernetes']))).toBe('mark');
    expect(namespaceStrategy.deleteMode?.(ns([], true))).toBe('delete');
  });
});
