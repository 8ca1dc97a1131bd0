import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import type { KubeObject } from '../../api/meta.js';
import { LAST_APPLIED } from '../../api/redact.js';
import { secretStrategy } from './secret.js';

const VALUE = 'sk-test-0123456789';
const b64 = (s: string): string => Buffer.from(s).toString('base64');

function secret(fields: Record<string, unknown>, annotations?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 's', namespace: 'ns1', ...(annotations ? { annotations } : {}) },
    ...fields,
  };
}

const messages = (obj: KubeObject, old?: KubeObject): string[] =>
  (secretStrategy.validate?.(obj, old) ?? []).map((c) => c.message);

describe('secret strategy', () => {
  it('merges stringData into data, stringData keys winning, and never keeps stringData', () => {
    const s = secret({ data: { a: b64('old'), b: b64('kept') }, stringData: { a: VALUE, c: '' } });
    secretStrategy.prepareForCreate?.(s);
    expect(s).toEqual(secret({ data: { a: b64(VALUE), b: b64('kept'), c: '' } }));
  });

  it('leaves malformed stringData for the schema to refuse', () => {
    const s = secret({ stringData: { a: 5 } });
    secretStrategy.prepareForCreate?.(s);
    expect(s['stringData']).toEqual({ a: 5 });
  });

  it('keeps the keys of the last-applied annotation but not its values', () => {
    const applied = JSON.stringify({ apiVersion: 'v1', kind: 'Secret', stringData: { url: VALUE } });
    const s = secret({ stringData: { url: VALUE } }, { [LAST_APPLIED]: `${applied}\n`, other: 'x' });
    secretStrategy.prepareForUpdate?.(s, secret({}), '');
    const text = s.metadata.annotations?.[LAST_APPLIED] ?? '';
    expect(text).not.toContain(VALUE);
    expect(JSON.parse(text)).toEqual({ apiVersion: 'v1', kind: 'Secret', stringData: { url: '<redacted>' } });
    expect(text.endsWith('\n')).toBe(true);
    const broken = secret({}, { [LAST_APPLIED]: `{${VALUE}` });
    secretStrategy.prepareForCreate?.(broken);
    expect(broken.metadata.annotations).toEqual({});
  });

  it('refuses bad keys and bad base64 naming the field, never the value', () => {
    const msgs = messages(secret({ data: { 'a/b': b64(VALUE), ok: `${VALUE}!` } }));
    expect(msgs).toEqual([
      expect.stringMatching(/^data\[a\/b\]: Invalid value: "a\/b": a valid config key must consist/),
      'data[ok]: Invalid value: must be base64 encoded',
    ]);
    expect(msgs.join()).not.toContain(VALUE);
    expect(messages(secret({ data: { ['k'.repeat(254)]: '' } }))[0]).toMatch(/must be no more than 253/);
    expect(messages(secret({ data: { '..a': '' } }))).toEqual([
      `data[..a]: Invalid value: "..a": must not start with '..'`,
    ]);
  });

  it('refuses more than 1 MiB of decoded data', () => {
    const half = Buffer.alloc(512 * 1024).toString('base64');
    expect(messages(secret({ data: { a: half, b: half } }))).toEqual([]);
    expect(messages(secret({ data: { a: half, b: half, c: 'AA==' } }))).toEqual([
      'data: Too long: may not be more than 1048576 bytes',
    ]);
  });

  it('keeps type, and the data of an immutable secret', () => {
    const old = secret({ type: 'Opaque', data: { k: b64('v1') }, immutable: true });
    expect(messages(secret({ type: 'Opaque', data: { k: b64('v1') }, immutable: true }), old)).toEqual([]);
    expect(messages(secret({ type: 'x/y', data: { k: b64('v2') } }), old)).toEqual([
      'type: Invalid value: "x/y": field is immutable',
      'immutable: Forbidden: field is immutable when `immutable` is set',
      'data: Forbidden: field is immutable when `immutable` is set',
    ]);
  });

  test.prop([fc.dictionary(fc.string(), fc.string())], { seed: 1402 })(
    'stringData round-trips through base64 and never survives',
    (stringData) => {
      const s = secret({ stringData });
      secretStrategy.prepareForCreate?.(s);
      expect(s['stringData']).toBeUndefined();
      const data = (s['data'] ?? {}) as Record<string, string>;
      expect(Object.keys(data).sort()).toEqual(Object.keys(stringData).sort());
      for (const [k, v] of Object.entries(stringData))
        expect(Buffer.from(data[k] ?? '', 'base64').toString()).toBe(v);
    },
  );
});
