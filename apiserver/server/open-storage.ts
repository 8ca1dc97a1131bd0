/**
 * The server's storage: the backend, with Secrets encrypted at rest by the config of
 * --encryption-provider-config or the one generated in the data dir (loaded first of all). Before serving, every stored
 * Secret must decrypt: one written with a key the config lacks fails the start, naming both.
 */
import type winston from 'winston';
import { SECRETS_PREFIX } from '../registry/keys.js';
import type { LoadedEncryption } from '../storage/encryption/load.js';
import { Transformer } from '../storage/encryption/transformer.js';
import { verifyReadable } from '../storage/encryption/verify.js';
import { openStorage } from '../storage/index.js';
import type { Storage } from '../storage/interface.js';

export interface ServerStorageOptions {
  readonly dataDir: string;
  readonly etcdServers?: readonly string[] | undefined;
  /** from loadEncryption (storage/encryption/load.ts) */
  readonly encryption: LoadedEncryption;
  readonly logger: winston.Logger;
}

export async function openServerStorage(opts: ServerStorageOptions): Promise<Storage> {
  const enc = opts.encryption;
  const transformer = new Transformer(enc.providers);
  const storage = await openStorage({
    dataDir: opts.dataDir,
    ...(opts.etcdServers ? { etcdServers: opts.etcdServers } : {}),
    encryption: { prefix: SECRETS_PREFIX, transformer },
  });
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
  return storage;
}
