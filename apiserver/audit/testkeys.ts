/** A P-256 signing key and its JWKS for audit chain tests. */
import { generateKeyPairSync } from 'node:crypto';
import type { JSONWebKeySet, JWK } from 'jose';
import type { DigestKey } from './digest.js';

export interface TestKey {
  readonly key: DigestKey;
  readonly jwks: JSONWebKeySet;
}

export function testKey(kid: string): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' }) as JWK;
  return {
    key: { kid, alg: 'ES256', privateKey },
    jwks: { keys: [{ ...jwk, kid, alg: 'ES256', use: 'sig' }] },
  };
}
