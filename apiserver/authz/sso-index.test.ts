import { describe, expect, it } from '@jest/globals';
import { SSO_ORGANIZATIONS_EXTRA, SSO_VERIFIED_EMAIL_EXTRA } from '../../api/sso.js';
import { ssoExtra } from '../authn/oidc.js';
import { ORGANIZATIONS_PREFIX, SsoIndex } from './sso-index.js';

const org = (name: string, sso: unknown): { key: string; value: string } => ({
  key: `${ORGANIZATIONS_PREFIX}${name}`,
  value: JSON.stringify({ metadata: { name }, spec: { sso } }),
});

describe('SSO membership', () => {
  const index = new SsoIndex();
  index.reset(
    [
      org('acme', { organizationIds: ['z-1'], emailDomains: ['Acme.example'], role: 'developer' }),
      org('other', { emailDomains: ['other.example'] }),
      org('none', {}),
    ],
    1,
  );
  const user = (extra: Record<string, string[]>) => ({ username: 'u', groups: [], extra });

  it('matches organization ids and verified email domains', () => {
    expect([...index.organizationsOf(user({ [SSO_ORGANIZATIONS_EXTRA]: ['z-1'] }))]).toEqual(['acme']);
    expect([...index.organizationsOf(user({ [SSO_VERIFIED_EMAIL_EXTRA]: ['a@acme.example'] }))]).toEqual([
      'acme',
    ]);
    expect([...index.organizationsOf(user({ [SSO_VERIFIED_EMAIL_EXTRA]: ['a@sub.acme.example'] }))]).toEqual(
      [],
    );
    expect(
      index.bindingFor(user({ [SSO_VERIFIED_EMAIL_EXTRA]: ['b@other.example'] }), 'other')?.roleRef.name,
    ).toBe('viewer');
    expect(index.bindingFor(user({}), 'acme')).toBeUndefined();
  });

  it('forgets an organization whose rules are removed', () => {
    index.apply({
      type: 'delete',
      key: `${ORGANIZATIONS_PREFIX}acme`,
      revision: 2,
      kv: { key: '', value: '', modRevision: 2, createRevision: 1, version: 1 },
    } as never);
    expect([...index.organizationsOf(user({ [SSO_ORGANIZATIONS_EXTRA]: ['z-1'] }))]).toEqual([]);
  });

  it('reads claims only from verified emails and the configured organization claim', () => {
    const cfg = { issuerUrl: 'https://i', jwksUrl: 'https://i/k', organizationClaim: 'orgs' };
    expect(
      ssoExtra({ orgs: { 'z-1': {}, 'z-2': {} }, email: 'A@X.example', email_verified: true }, cfg),
    ).toEqual({
      [SSO_ORGANIZATIONS_EXTRA]: ['z-1', 'z-2'],
      [SSO_VERIFIED_EMAIL_EXTRA]: ['a@x.example'],
    });
    expect(ssoExtra({ orgs: 'z-1', email: 'a@x.example', email_verified: 'true' }, cfg)).toEqual({
      [SSO_ORGANIZATIONS_EXTRA]: ['z-1'],
    });
  });
});
