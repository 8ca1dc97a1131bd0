/**
 * The server's storage: the backend, with Secrets encrypted at rest by the config of
 * --encryption-provider-config or the one generated in the data dir (loaded first of all). Before serving, every stored
 * Secret must decrypt: one written with a key the config lacks fails the start, naming both.
 * The backend below the encryption is returned too, for backups (which keep the ciphertext).
 */
import type winston from 'winston';
import { SECRETS_PREFIX } from '../registry/keys.js';
import type { LoadedEncryption } from '../storage/encryption/load.js';
import { Transformer } from '../storage/encryption/transformer.js';
import { verifyReadable } from '../storage/encryption/verify.js';
import { encryptedStorage } from '../storage/encryption/storage.js';
import { openStorage } from '../storage/index.js';
import type { Storage } from '../storage/interface.js';

export interface ServerStorageOptions {
  readonly dataDir: string;
  readonly etcdServers?: readonly string[] | undefined;
  /** from loadEncryption (storage/encryption/load.ts) */
  readonly encryption: LoadedEncryption;
  readonly logger: winston.Logger;
}

export interface ServerStorage {
  /** Secrets encrypted on write, decrypted on read */
  readonly storage: Storage;
  /** the same store below the encryption: Secrets as stored (ciphertext) */
  readonly backend: Storage;
}

export async function openServerStorage(opts: ServerStorageOptions): Promise<ServerStorage> {
  const enc = opts.encryption;
  const transformer = new Transformer(enc.providers);
  const backend = await openStorage({
    dataDir: opts.dataDir,
    ...(opts.etcdServers ? { etcdServers: opts.etcdServers } : {}),
  });
  const storage = encryptedStorage(backend, SECRETS_PREFIX, transformer);
  try {
    await verifyReadable(storage, SECRETS_PREFIX);
  } catch (err) {
    await storage.close();
    throw err;
  }
  opts.logger.info(
    enc.generated ? 'generated the key that encrypts Secrets at rest' : 'Secrets are encrypted at rest',
    {
      config: enc.path,
      writer: transformer.writer,
    },
  );
  return { storage, backend };
}
