import { describe, expect, it } from '@jest/globals';
import { newSecret, secretRow, setValuePatch, validKey, withoutValues } from './secret-data';

describe('secretRow', () => {
  it('keeps the key names and never the values', () => {
    const row = secretRow({
      metadata: { name: 'openai', namespace: 'acme' },
      type: 'Opaque',
      data: { zkey: 'c2VjcmV0', akey: 'aHVudGVyMg==' },
    });
    expect(row).toEqual({
      namespace: 'acme',
      name: 'openai',
      type: 'Opaque',
      keys: ['akey', 'zkey'],
      creationTimestamp: undefined,
    });
    expect(JSON.stringify(row)).not.toMatch(/c2VjcmV0|aHVudGVyMg/);
  });
  it('defaults the type and reads a Secret without data', () => {
    expect(secretRow({ metadata: { name: 'e' } })).toMatchObject({ type: 'Opaque', keys: [], namespace: '' });
  });
});

describe('patches', () => {
  it('sets one key through stringData', () => {
    expect(setValuePatch('key', 's3cret')).toEqual({ stringData: { key: 's3cret' } });
    expect(newSecret('acme', 'x', 'k', 'v')).toMatchObject({
      kind: 'Secret',
      metadata: { name: 'x', namespace: 'acme' },
      stringData: { k: 'v' },
    });
  });
  it('checks key names as kube does', () => {
    expect(validKey('OPENAI_API_KEY')).toBe(true);
    expect(validKey('a/b')).toBe(false);
    expect(validKey('')).toBe(false);
  });
});

describe('withoutValues', () => {
  it('keeps key names and drops every value, stringData included', () => {
    const s = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'keys', namespace: 'acme' },
      data: { serp: 'c2VjcmV0', token: 'dG9r' },
      stringData: { extra: 'plain' },
    };
    const kept = withoutValues(s);
    expect(kept.data).toEqual({ serp: '', token: '' });
    expect(JSON.stringify(kept)).not.toMatch(/c2VjcmV0|dG9r|plain/);
    expect(secretRow(kept).keys).toEqual(['serp', 'token']);
  });
});
