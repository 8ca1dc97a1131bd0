import { describe, expect, it } from '@jest/globals';
import { ApiRequestError } from '../../api/errors';
import { fieldErrors } from './org-fields';

const refused = new ApiRequestError({
  kind: 'Status',
  code: 422,
  message: 'Team.orgplane.io "Bad" is invalid',
  details: {
    causes: [
      { field: 'metadata.name', message: 'must be a DNS-1123 label' },
      { field: 'metadata.name', message: 'too long' },
      { field: 'spec.parent', reason: 'FieldValueNotFound' },
      { field: 'spec.quota.agents', message: 'must be >= 0' },
    ],
  },
});

describe('fieldErrors', () => {
  it('puts each cause beside its form field and keeps the others', () => {
    const f = fieldErrors(refused, { name: 'metadata.name', parent: 'spec.parent' });
    expect(f.byField).toEqual({ name: 'must be a DNS-1123 label; too long', parent: 'FieldValueNotFound' });
    expect(f.rest.map((c) => c.field)).toEqual(['spec.quota.agents']);
  });

  it('matches nested paths and ignores errors that are no Status', () => {
    expect(fieldErrors(refused, { quota: 'spec.quota' }).byField['quota']).toBe('must be >= 0');
    expect(fieldErrors(new Error('network'), { name: 'metadata.name' })).toEqual({ byField: {}, rest: [] });
  });
});
