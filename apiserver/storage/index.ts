/**
 * Opens the configured backend: etcd when endpoints are given, else the embedded store; with
 * `encryption`, values under its prefix are encrypted before they reach it (encryption/storage.ts).
 * Only the chosen backend's module is loaded (etcd's gRPC client alone is some 200 modules).
 */
import { join } from 'node:path';
import { encryptedStorage } from './encryption/storage.js';
import type { Transformer } from './encryption/transformer.js';
import type { Storage } from './interface.js';

export interface StorageConfig {
  readonly etcdServers?: readonly string[];
  readonly dataDir: string;
  readonly encryption?: { readonly prefix: string; readonly transformer: Transformer };
}

export async function openStorage(cfg: StorageConfig): Promise<Storage> {
  const raw =
    cfg.etcdServers && cfg.etcdServers.length > 0
      ? await (await import('./etcd/index.js')).openEtcdStorage({ endpoints: cfg.etcdServers })
      : await (await import('./embedded/index.js')).openEmbeddedStorage({ path: join(cfg.dataDir, 'store') });
  return cfg.encryption ? encryptedStorage(raw, cfg.encryption.prefix, cfg.encryption.transformer) : raw;
}
