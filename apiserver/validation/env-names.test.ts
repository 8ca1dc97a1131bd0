import { describe, expect, it } from '@jest/globals';
import { isConfigMapKey } from './config-data.js';
import { isEnvVarName } from './env-names.js';

describe('isEnvVarName', () => {
  it.each(['A', 'my.env-name', 'MY_ENV.NAME', 'MyEnvName1', '_x', '-x', '.x'])('accepts %s', (n) => {
    expect(isEnvVarName(n)).toEqual([]);
  });
  it.each(['', '1X', 'A B', 'A=B', 'é'])('refuses %j by its regex', (n) => {
    expect(isEnvVarName(n)).toEqual([
      expect.stringContaining("regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*'"),
    ]);
  });
  it('refuses relative directory names', () => {
    expect(isEnvVarName('.')).toEqual(["must not be '.'"]);
    expect(isEnvVarName('..x')).toEqual(["must not start with '..'"]);
  });
});

describe('isConfigMapKey, as env references name keys', () => {
  it.each(['key.name', 'KEY_NAME', 'key-name', '1', 'a'.repeat(253)])('accepts %s', (k) => {
    expect(isConfigMapKey(k)).toEqual([]);
  });
  it('refuses other characters, more than 253 bytes and relative directory names', () => {
    expect(isConfigMapKey('a/b')).toEqual([expect.stringContaining("'[-._a-zA-Z0-9]+'")]);
    expect(isConfigMapKey('')).toEqual([expect.stringContaining("'[-._a-zA-Z0-9]+'")]);
    expect(isConfigMapKey('a'.repeat(254))).toEqual(['must be no more than 253 characters']);
    expect(isConfigMapKey('..')).toEqual(["must not be '..'"]);
  });
});
