/**
 * kube's aesgcm provider with Node's crypto: AES-GCM (key of 16, 24 or 32 bytes), a random 12-byte
 * nonce per write, the storage key as additional authenticated data (a value copied under another
 * key does not decrypt), sealed as nonce || ciphertext || 16-byte tag. A random nonce bounds one
 * key to about 2^32 writes; rotate long before that.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const NONCE = 12;
const TAG = 16;

const cipherName = (key: Buffer): 'aes-128-gcm' | 'aes-192-gcm' | 'aes-256-gcm' =>
  key.length === 16 ? 'aes-128-gcm' : key.length === 24 ? 'aes-192-gcm' : 'aes-256-gcm';

export function seal(key: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const nonce = randomBytes(NONCE);
  const c = createCipheriv(cipherName(key), key, nonce, { authTagLength: TAG });
  c.setAAD(aad);
  const body = Buffer.concat([c.update(plaintext), c.final()]);
  return Buffer.concat([nonce, body, c.getAuthTag()]);
}

/** The plaintext, or undefined when the data is too short or fails authentication. */
export function open(key: Buffer, sealed: Buffer, aad: Buffer): Buffer | undefined {
  if (sealed.length < NONCE + TAG) return undefined;
  const nonce = sealed.subarray(0, NONCE);
  const tag = sealed.subarray(sealed.length - TAG);
  const d = createDecipheriv(cipherName(key), key, nonce, { authTagLength: TAG });
  d.setAAD(aad);
  d.setAuthTag(tag);
  try {
    return Buffer.concat([d.update(sealed.subarray(NONCE, sealed.length - TAG)), d.final()]);
  } catch {
    return undefined;
  }
}
