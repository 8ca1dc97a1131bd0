import { describe, expect, it } from '@jest/globals';
import { fc, test as fcTest } from '@fast-check/jest';
import type { ProviderConfig } from './config.js';
import { EncryptionError, Transformer } from './transformer.js';

const key = (name: string, fill: number, size = 32): { name: string; secret: Buffer } => ({
  name,
  secret: Buffer.alloc(size, fill),
});
const A: ProviderConfig = { type: 'aesgcm', keys: [key('a', 1)] };
const B: ProviderConfig = { type: 'aesgcm', keys: [key('b', 2, 16)] };
const IDENTITY: ProviderConfig = { type: 'identity' };
const BOX: ProviderConfig = { type: 'secretbox', keys: [key('s', 3)] };
const K = '/registry/core/secrets/ns/s';
const PLAIN = '{"data":{"k":"c2VjcmV0"}}';

describe('Transformer', () => {
  it("writes kube's prefix, then nonce || ciphertext || tag as base64, and reads it back", () => {
    const t = new Transformer([A]);
    const stored = t.encrypt(K, PLAIN);
    expect(stored.startsWith('k8s:enc:aesgcm:v1:a:')).toBe(true);
    const sealed = Buffer.from(stored.slice('k8s:enc:aesgcm:v1:a:'.length), 'base64');
    expect(sealed.length).toBe(12 + Buffer.byteLength(PLAIN) + 16);
    expect(stored).not.toContain('c2VjcmV0');
    expect(t.decrypt(K, stored)).toEqual({ value: PLAIN, stale: false });
  });

  it("secretbox writes kube's prefix, then nonce || box, and rotates to and from aesgcm", () => {
    const t = new Transformer([BOX, A]);
    const stored = t.encrypt(K, PLAIN);
    expect(stored.startsWith('k8s:enc:secretbox:v1:s:')).toBe(true);
    const sealed = Buffer.from(stored.slice('k8s:enc:secretbox:v1:s:'.length), 'base64');
    expect(sealed.length).toBe(24 + 16 + Buffer.byteLength(PLAIN));
    expect(t.decrypt(K, stored)).toEqual({ value: PLAIN, stale: false });
    expect(t.writer).toBe('secretbox key s');
    expect(t.decrypt(K, new Transformer([A]).encrypt(K, PLAIN))).toEqual({ value: PLAIN, stale: true });
    expect(new Transformer([A, BOX]).decrypt(K, stored)).toEqual({ value: PLAIN, stale: true });
    const altered = stored.slice(0, -4) + (stored.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(() => t.decrypt(K, altered)).toThrow('does not decrypt with key s of provider secretbox');
    expect(() => new Transformer([{ type: 'secretbox', keys: [key('s', 4)] }]).decrypt(K, stored)).toThrow(
      EncryptionError,
    );
  });

  it('uses a fresh nonce per write', () => {
    const t = new Transformer([A]);
    expect(t.encrypt(K, PLAIN)).not.toBe(t.encrypt(K, PLAIN));
  });

  it('binds a value to its storage key: moved under another key it does not decrypt', () => {
    const t = new Transformer([A]);
    const stored = t.encrypt(K, PLAIN);
    expect(() => t.decrypt('/registry/core/secrets/ns/other', stored)).toThrow(
      'does not decrypt with key a of provider aesgcm',
    );
  });

  it('reads with every configured key; a value not written by the first key is stale', () => {
    const old = new Transformer([A]).encrypt(K, PLAIN);
    const rotated = new Transformer([B, A]);
    expect(rotated.decrypt(K, old)).toEqual({ value: PLAIN, stale: true });
    expect(rotated.decrypt(K, rotated.encrypt(K, PLAIN))).toEqual({ value: PLAIN, stale: false });
    expect(rotated.writer).toBe('aesgcm key b');
  });

  it('names a key the config does not have, and a wrong key of the same name', () => {
    const stored = new Transformer([A]).encrypt(K, PLAIN);
    expect(() => new Transformer([B]).decrypt(K, stored)).toThrow(
      'was encrypted with key a of provider aesgcm, which the encryption config does not have',
    );
    const impostor = new Transformer([{ type: 'aesgcm', keys: [key('a', 9)] }]);
    expect(() => impostor.decrypt(K, stored)).toThrow(EncryptionError);
    expect(() => impostor.decrypt(K, stored)).toThrow('wrong key, or the data was altered');
  });

  it('refuses altered ciphertext and a malformed prefix', () => {
    const t = new Transformer([A]);
    const stored = t.encrypt(K, PLAIN);
    const flipped = stored.slice(0, -6) + (stored.at(-6) === 'A' ? 'B' : 'A') + stored.slice(-5);
    expect(() => t.decrypt(K, flipped)).toThrow('wrong key, or the data was altered');
    expect(() => t.decrypt(K, 'k8s:enc:aesgcm')).toThrow('malformed encryption prefix');
  });

  it('identity first writes plain text and still reads encrypted values (stale)', () => {
    const enc = new Transformer([A]).encrypt(K, PLAIN);
    const t = new Transformer([IDENTITY, A]);
    expect(t.encrypt(K, PLAIN)).toBe(PLAIN);
    expect(t.decrypt(K, PLAIN)).toEqual({ value: PLAIN, stale: false });
    expect(t.decrypt(K, enc)).toEqual({ value: PLAIN, stale: true });
  });

  it('refuses plain text without an identity provider; reads it as stale behind aesgcm', () => {
    expect(() => new Transformer([A]).decrypt(K, PLAIN)).toThrow('is stored unencrypted');
    expect(new Transformer([A, IDENTITY]).decrypt(K, PLAIN)).toEqual({ value: PLAIN, stale: true });
  });

  fcTest.prop([fc.string({ unit: 'binary' }), fc.constantFrom(16, 24, 32)], { seed: 1412, numRuns: 200 })(
    'any text round-trips with any key size',
    (text, size) => {
      const t = new Transformer([{ type: 'aesgcm', keys: [key('k', 5, size)] }]);
      expect(t.decrypt(K, t.encrypt(K, text))).toEqual({ value: text, stale: false });
    },
  );
});
