import { describe, expect, it } from '@jest/globals';
import { parseOidcConfig } from './oidc-config.js';

describe('parseOidcConfig', () => {
  it('reads the issuers', () => {
    const text = `
issuers:
- issuerUrl: https://idp.example.com
  jwksUrl: https://idp.example.com/jwks
  audiences: [orgplane]
  usernameClaim: email
  groupsClaim: groups
  groupsPrefix: "idp:"
`;
    expect(parseOidcConfig(text)).toEqual([
      {
        issuerUrl: 'https://idp.example.com',
        jwksUrl: 'https://idp.example.com/jwks',
        audiences: ['orgplane'],
        usernameClaim: 'email',
        groupsClaim: 'groups',
        groupsPrefix: 'idp:',
      },
    ]);
  });

  it('names every bad field in one error', () => {
    const text = `
issuers:
- issuerUrl: not a url
  jwksUrl: https://a/jwks
  audiences: orgplane
  colour: blue
- 42
`;
    expect(() => parseOidcConfig(text, 'f.yaml')).toThrow(
      'f.yaml: issuers[0].colour: unknown field; issuers[0].issuerUrl: must be an http(s) URL; issuers[0].audiences: must be a list of strings; issuers[1]: must be a mapping',
    );
  });

  it('refuses a file without an issuers list, bad YAML and duplicate issuers', () => {
    expect(() => parseOidcConfig('- a')).toThrow(/expected a mapping with an "issuers" list/);
    expect(() => parseOidcConfig('issuers: [')).toThrow(/not valid YAML/);
    const dup =
      'issuers:\n- {issuerUrl: "https://a", jwksUrl: "https://a/k"}\n- {issuerUrl: "https://a", jwksUrl: "https://a/k"}\n';
    expect(() => parseOidcConfig(dup)).toThrow(/listed twice/);
  });
});
