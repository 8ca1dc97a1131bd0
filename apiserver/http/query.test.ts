import { describe, expect, it } from '@jest/globals';
import { ApiError } from '../errors/status.js';
import { fieldManagerOf } from './query.js';

describe('fieldManagerOf', () => {
  it('takes the fieldManager parameter, else the User-Agent prefix, else "unknown"', () => {
    expect(fieldManagerOf({ fieldManager: 'kubectl-edit' }, 'kubectl/v1.32.0 (linux/amd64)')).toBe(
      'kubectl-edit',
    );
    expect(fieldManagerOf({}, 'kubectl/v1.32.0 (linux/amd64) kubernetes/abc')).toBe('kubectl');
    expect(fieldManagerOf({ fieldManager: '' }, 'node-fetch')).toBe('node-fetch');
    expect(fieldManagerOf({}, undefined)).toBe('unknown');
  });

  it('refuses a fieldManager parameter longer than 128 characters with a 400', () => {
    expect(() => fieldManagerOf({ fieldManager: 'm'.repeat(129) }, undefined)).toThrow(ApiError);
    expect(fieldManagerOf({ fieldManager: 'm'.repeat(128) }, undefined)).toHaveLength(128);
  });
});
