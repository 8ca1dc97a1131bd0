import { describe, expect, it } from '@jest/globals';
import { LAST_APPLIED, maskEmail, maskOrganization, redactSecret } from './redact.js';

describe('redactSecret', () => {
  it('keeps keys, replaces values, and redacts inside the last-applied annotation', () => {
    const applied = JSON.stringify({ kind: 'Secret', data: { k: 'c2VjcmV0' }, stringData: { s: 'plain' } });
    const secret = {
      kind: 'Secret',
      metadata: { name: 'x', annotations: { [LAST_APPLIED]: applied, note: 'kept' } },
      data: { k: 'c2VjcmV0', gone: null },
      stringData: { s: 'plain' },
      type: 'Opaque',
    };
    const out = redactSecret(secret);
    expect(out).toEqual({
      kind: 'Secret',
      metadata: {
        name: 'x',
        annotations: {
          [LAST_APPLIED]: '{"kind":"Secret","data":{"k":"<redacted>"},"stringData":{"s":"<redacted>"}}',
          note: 'kept',
        },
      },
      data: { k: '<redacted>', gone: null },
      stringData: { s: '<redacted>' },
      type: 'Opaque',
    });
    expect(secret.data.k).toBe('c2VjcmV0');
  });

  it('hides whatever is not a map or readable JSON', () => {
    expect(
      redactSecret({ data: 'c2VjcmV0', metadata: { annotations: { [LAST_APPLIED]: '{plain' } } }),
    ).toEqual({
      data: '<redacted>',
      metadata: { annotations: { [LAST_APPLIED]: '<redacted>' } },
    });
  });
});

describe('PII masks', () => {
  it('masks an email to its first letter and domain', () => {
    expect(maskEmail('jane.doe@example.com')).toBe('j***@example.com');
    expect(maskEmail('@example.com')).toBe('***@example.com');
    expect(maskEmail('not-an-email')).toBe('<redacted>');
  });

  it('masks the billing email of an Organization only', () => {
    const org = {
      kind: 'Organization',
      spec: { plan: 'pro', billing: { email: 'ann@acme.io', providers: ['lago'] } },
    };
    expect(maskOrganization(org)).toEqual({
      kind: 'Organization',
      spec: { plan: 'pro', billing: { email: 'a***@acme.io', providers: ['lago'] } },
    });
    expect(maskOrganization({ kind: 'Organization', spec: {} })).toEqual({ kind: 'Organization', spec: {} });
  });
});
