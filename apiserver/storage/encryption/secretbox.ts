/**
 * kube's secretbox provider: NaCl secretbox (XSalsa20-Poly1305, 32-byte key) from tweetnacl, a
 * random 24-byte nonce per write, sealed as nonce || box. As in kube, secretbox authenticates no
 * additional data, so unlike aesgcm a value copied under another storage key still opens.
 */
import { randomBytes } from 'node:crypto';
import nacl from 'tweetnacl';

const NONCE = nacl.secretbox.nonceLength;

export function seal(key: Buffer, plaintext: Buffer): Buffer {
  const nonce = randomBytes(NONCE);
  return Buffer.concat([nonce, nacl.secretbox(plaintext, nonce, key)]);
}

/** The plaintext, or undefined when the data is too short or fails authentication. */
export function open(key: Buffer, sealed: Buffer): Buffer | undefined {
  if (sealed.length < NONCE + nacl.secretbox.overheadLength) return undefined;
  const plain = nacl.secretbox.open(sealed.subarray(NONCE), sealed.subarray(0, NONCE), key);
  return plain ? Buffer.from(plain) : undefined;
}
