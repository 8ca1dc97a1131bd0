import { describe, expect, it } from '@jest/globals';
import { parseEncryptionConfig } from './config.js';

const b64 = (n: number): string => Buffer.alloc(n, 7).toString('base64');
const HEAD = 'apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\n';
/** A config whose only entry has these providers (YAML flow text). */
const withProviders = (providers: string): string =>
  `${HEAD}resources:\n- resources: [secrets]\n  providers: ${providers}\n`;

describe('parseEncryptionConfig', () => {
  it('reads aesgcm keys in order and identity', () => {
    const out = parseEncryptionConfig(
      withProviders(
        `[{aesgcm: {keys: [{name: k2, secret: "${b64(32)}"}, {name: k1, secret: "${b64(16)}"}]}}, {identity: {}}]`,
      ),
      'enc.yaml',
    );
    expect(out).toEqual([
      {
        type: 'aesgcm',
        keys: [
          { name: 'k2', secret: Buffer.alloc(32, 7) },
          { name: 'k1', secret: Buffer.alloc(16, 7) },
        ],
      },
      { type: 'identity' },
    ]);
  });

  it('reads secretbox keys', () => {
    expect(
      parseEncryptionConfig(withProviders(`[{secretbox: {keys: [{name: s1, secret: "${b64(32)}"}]}}]`), 'f'),
    ).toEqual([{ type: 'secretbox', keys: [{ name: 's1', secret: Buffer.alloc(32, 7) }] }]);
  });

  it('accepts identity alone, written as null or {}', () => {
    expect(parseEncryptionConfig(withProviders('[{identity: }]'), 'f')).toEqual([{ type: 'identity' }]);
    expect(parseEncryptionConfig(withProviders('[{identity: {}}]'), 'f')).toEqual([{ type: 'identity' }]);
  });

  const aes = (secret: string, name = 'k1'): string =>
    `[{aesgcm: {keys: [{name: ${name}, secret: "${secret}"}]}}]`;
  const cases: readonly (readonly [string, string, string])[] = [
    [
      'a key of the wrong length',
      withProviders(aes(b64(20))),
      'resources[0].providers[0].aesgcm.keys[0].secret: must be 16, 24 or 32 bytes',
    ],
    [
      'bad base64',
      withProviders(aes('not base64!')),
      'resources[0].providers[0].aesgcm.keys[0].secret: must be base64',
    ],
    [
      'an unknown provider',
      withProviders(`[{identity: {}}, {aescbc: {keys: []}}]`),
      'resources[0].providers[1]: unknown provider "aescbc" (one of aesgcm, secretbox, identity)',
    ],
    ['no providers', withProviders('[]'), 'resources[0].providers: must be a non-empty list'],
    [
      'no keys',
      withProviders('[{aesgcm: {keys: []}}]'),
      'resources[0].providers[0].aesgcm.keys: must be a non-empty list',
    ],
    [
      'two providers in one item',
      withProviders('[{identity: {}, aesgcm: {}}]'),
      'resources[0].providers[0]: must name exactly one provider',
    ],
    [
      'a key name twice',
      withProviders(`[{aesgcm: {keys: [{name: a, secret: "${b64(32)}"}, {name: a, secret: "${b64(32)}"}]}}]`),
      'resources[0].providers[0].aesgcm.keys[1].name: "a" is listed twice',
    ],
    [
      'a bad key name',
      withProviders(aes(b64(32), '"a:b"')),
      'resources[0].providers[0].aesgcm.keys[0].name: must be 1-64 letters',
    ],
    [
      'a secretbox key of the wrong length',
      withProviders(`[{secretbox: {keys: [{name: s, secret: "${b64(16)}"}]}}]`),
      'resources[0].providers[0].secretbox.keys[0].secret: must be 32 bytes',
    ],
    [
      'settings on identity',
      withProviders('[{identity: {x: 1}}]'),
      'resources[0].providers[0].identity: takes no settings',
    ],
    [
      'a resource other than secrets',
      `${HEAD}resources:\n- resources: [secrets, configmaps]\n  providers: [{identity: {}}]\n`,
      'resources[0].resources[1]: only "secrets" are encrypted, not "configmaps"',
    ],
    ['no resources', `${HEAD}resources: []\n`, 'resources: must be a non-empty list'],
    [
      'a second entry',
      `${HEAD}resources:\n- {resources: [secrets], providers: [{identity: {}}]}\n- {resources: [secrets], providers: [{identity: {}}]}\n`,
      'resources[1]: secrets are already configured by resources[0]',
    ],
    [
      'the wrong kind',
      'apiVersion: v1\nkind: Secret\nresources: []\n',
      'apiVersion: must be apiserver.config.k8s.io/v1; kind: must be EncryptionConfiguration',
    ],
    ['not YAML', 'resources: [', 'enc.yaml: not valid YAML'],
    ['not a mapping', '- a', 'enc.yaml: expected a mapping'],
  ];
  it.each(cases)('refuses %s, naming the field', (_what, text, message) => {
    expect(() => parseEncryptionConfig(text, 'enc.yaml')).toThrow(message);
  });

  it('names every problem at once and never echoes key material', () => {
    const secret = b64(20);
    const text = withProviders(`[{aesgcm: {keys: [{name: k1, secret: "${secret}"}]}}, {kms: {}}]`);
    let message = '';
    try {
      parseEncryptionConfig(text, 'enc.yaml');
    } catch (err) {
      message = String(err);
    }
    expect(message).toContain('providers[0].aesgcm.keys[0].secret: must be 16, 24 or 32 bytes');
    expect(message).toContain('providers[1]: unknown provider "kms"');
    expect(message).not.toContain(secret);
  });
});
