/**
 * The encryption config a restore or migrate checks Secrets against: --encryption-provider-config
 * FILE, else `<data dir>/encryption-config.yaml` when that exists. Never generated here: a new key
 * could not decrypt the backup's Secrets anyway.
 */
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseEncryptionConfig } from '../../apiserver/storage/encryption/config.js';
import { GENERATED_CONFIG } from '../../apiserver/storage/encryption/load.js';
import { Transformer } from '../../apiserver/storage/encryption/transformer.js';
import { SECRETS_PREFIX } from '../../apiserver/registry/keys.js';
import { SecretCheck } from '../../apiserver/storage/backup/secrets.js';

export interface LoadedConfig {
  readonly transformer: Transformer;
  readonly path: string;
}

export async function loadRestoreEncryption(
  configFile: string | undefined,
  dataDir: string | undefined,
): Promise<LoadedConfig | undefined> {
  let path = configFile;
  if (path === undefined && dataDir !== undefined) {
    const beside = join(dataDir, GENERATED_CONFIG);
    if (
      await access(beside).then(
        () => true,
        () => false,
      )
    )
      path = beside;
  }
  if (path === undefined) return undefined;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    throw new Error(
      `cannot read --encryption-provider-config ${path}${typeof code === 'string' ? ` (${code})` : ''}`,
    );
  }
  return { transformer: new Transformer(parseEncryptionConfig(text, path)), path };
}

export function secretCheck(config: LoadedConfig | undefined): SecretCheck {
  return new SecretCheck(
    SECRETS_PREFIX,
    config?.transformer,
    'give --encryption-provider-config with the key that encrypted them',
  );
}
