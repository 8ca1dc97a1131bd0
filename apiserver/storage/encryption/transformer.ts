/**
 * kube's prefix value transformer for one resource: every aesgcm or secretbox key of the config is
 * one reader, in config order, and the first reader writes. Values carry kube's prefix
 * `k8s:enc:<aesgcm|secretbox>:v1:<key name>:`; storage holds text, so the sealed bytes follow as base64 (kube
 * stores them raw). The identity provider writes plain text and reads any value without the
 * `k8s:enc:` prefix. A value read by any reader but the first is stale: a write must rewrite it.
 */
import * as aesgcm from './aesgcm.js';
import * as secretbox from './secretbox.js';
import type { ProviderConfig } from './config.js';

const ENC = 'k8s:enc:';
const PREFIXED = /^k8s:enc:([a-z0-9]+):v1:([^:]+):/;

/** A stored value that cannot be read with the configured keys; the message names no secret data. */
export class EncryptionError extends Error {
  override readonly name = 'EncryptionError';
}

export interface Decrypted {
  readonly value: string;
  /** read by a provider or key other than the one that writes now */
  readonly stale: boolean;
}

type Reader =
  | { readonly type: 'aesgcm' | 'secretbox'; readonly name: string; readonly secret: Buffer }
  | { readonly type: 'identity' };

export class Transformer {
  private readonly readers: readonly Reader[];

  constructor(providers: readonly ProviderConfig[]) {
    this.readers = providers.flatMap((p): Reader[] =>
      p.type === 'identity' ? [p] : p.keys.map((k) => ({ type: p.type, name: k.name, secret: k.secret })),
    );
    if (this.readers.length === 0) throw new Error('an encryption config needs at least one provider');
  }

  /** What writes, for logs: "aesgcm key k2" or "identity". */
  get writer(): string {
    const w = this.readers[0];
    return w === undefined || w.type === 'identity' ? 'identity' : `${w.type} key ${w.name}`;
  }

  /** The stored form of plaintext under storage key `key`. */
  encrypt(key: string, plaintext: string): string {
    const w = this.readers[0];
    if (w === undefined || w.type === 'identity') return plaintext;
    const data = Buffer.from(plaintext, 'utf8');
    const sealed =
      w.type === 'aesgcm'
        ? aesgcm.seal(w.secret, data, Buffer.from(key, 'utf8'))
        : secretbox.seal(w.secret, data);
    return `${ENC}${w.type}:v1:${w.name}:${sealed.toString('base64')}`;
  }

  /** The plaintext of a stored value; throws EncryptionError (a reason, no data) when it cannot. */
  decrypt(key: string, stored: string): Decrypted {
    if (!stored.startsWith(ENC)) {
      const at = this.readers.findIndex((r) => r.type === 'identity');
      if (at < 0)
        throw new EncryptionError(
          'is stored unencrypted, and the encryption config has no identity provider',
        );
      return { value: stored, stale: at !== 0 };
    }
    const m = PREFIXED.exec(stored);
    if (!m) throw new EncryptionError(`has a malformed encryption prefix`);
    const [prefix, provider = '', name = ''] = m;
    const at = this.readers.findIndex((r) => r.type !== 'identity' && r.type === provider && r.name === name);
    const reader = this.readers[at];
    if (reader === undefined || reader.type === 'identity')
      throw new EncryptionError(
        `was encrypted with key ${name} of provider ${provider}, which the encryption config does not have`,
      );
    const sealed = Buffer.from(stored.slice(prefix.length), 'base64');
    const plain =
      reader.type === 'aesgcm'
        ? aesgcm.open(reader.secret, sealed, Buffer.from(key, 'utf8'))
        : secretbox.open(reader.secret, sealed);
    if (!plain)
      throw new EncryptionError(
        `does not decrypt with key ${name} of provider ${provider}: wrong key, or the data was altered or moved`,
      );
    return { value: plain.toString('utf8'), stale: at !== 0 };
  }
}
