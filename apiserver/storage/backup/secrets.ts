/**
 * Before a restore writes anything: every Secret of the backup must decrypt with the encryption
 * config the restored store will be served with (as the server checks at startup,
 * encryption/verify.ts), so a restore never produces a store whose Secrets nobody can read.
 */
import { EncryptionError, type Transformer } from '../encryption/transformer.js';
import { BackupError, type BackupEntry } from './format.js';

export class SecretCheck {
  count = 0;

  constructor(
    private readonly prefix: string,
    /** undefined: no encryption config was given, so any Secret refuses the restore */
    private readonly transformer: Transformer | undefined,
    private readonly missing: string,
  ) {}

  /** Throws a one-line BackupError for a Secret the config cannot decrypt. */
  check(e: BackupEntry): void {
    if (!e.key.startsWith(this.prefix)) return;
    this.count++;
    const name = e.key.slice(this.prefix.length);
    if (!this.transformer) throw new BackupError(`the backup holds Secrets (${name}): ${this.missing}`);
    try {
      this.transformer.decrypt(e.key, e.value);
    } catch (err) {
      if (!(err instanceof EncryptionError)) throw err;
      throw new BackupError(`cannot restore: secret ${name} ${err.message}`);
    }
  }
}
