/**
 * `orgplane restore --from FILE` into an empty data dir (--data-dir) or an empty etcd
 * (--etcd-servers). The file is read whole first: a truncated or corrupted one (checksum), one of
 * a newer format, or one holding a Secret the encryption config cannot decrypt is refused before
 * anything is written, as is a target that holds any key. Then every object is written as it was
 * stored (identical but for resourceVersion; Secrets keep their ciphertext). The target's revision
 * ends above the backup's, so resourceVersions never go backwards: the embedded store continues
 * the backup's counter, etcd is advanced by writes of one marker key (see restore.ts).
 */
import { copyFile, constants } from 'node:fs/promises';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { parseDurationSeconds } from '../apiserver/audit/flags.js';
import { backupEntries, verifyBackupFile } from '../apiserver/storage/backup/file.js';
import { advanceRevision, requireEmpty, restoreEntries } from '../apiserver/storage/backup/restore.js';
import { GENERATED_CONFIG } from '../apiserver/storage/encryption/load.js';
import { loadRestoreEncryption, secretCheck } from './backup/encryption.js';
import {
  describeStore,
  openStore,
  progress,
  revisionProgress,
  skipLeaseRecords,
  type StoreFlags,
} from './backup/stores.js';
import { parseServers } from './serve.js';

interface RestoreFlags extends StoreFlags {
  from: string;
  encryptionProviderConfig?: string;
  leaseTtl: number;
}

export const leaseTtlOption = (): Option =>
  new Option('--lease-ttl <duration>', 'TTL of the fresh lease given to keys that had one (AuditEvents)')
    .default(7 * 86400, '7d')
    .argParser(parseDurationSeconds);

export const encryptionOption = (dirFlag: string): Option =>
  new Option(
    '--encryption-provider-config <file>',
    `the encryption config the Secrets were written with (default: ${dirFlag}/${GENERATED_CONFIG})`,
  ).env('ORGPLANE_ENCRYPTION_PROVIDER_CONFIG');

export function registerRestore(program: Command): void {
  program
    .command('restore')
    .description('write a backup into an empty data dir or an empty etcd')
    .requiredOption('--from <file>', 'the backup file')
    .option('--data-dir <dir>', 'restore into the embedded store of this (new) data dir')
    .addOption(
      new Option('--etcd-servers <urls>', 'restore into this empty etcd (comma-separated client URLs)')
        .env('ORGPLANE_ETCD_SERVERS')
        .argParser(parseServers),
    )
    .addOption(encryptionOption('<data-dir>'))
    .addOption(leaseTtlOption())
    .action(async (flags: RestoreFlags) => {
      if (flags.dataDir === undefined && flags.etcdServers === undefined)
        throw new Error('give --data-dir DIR or --etcd-servers URLS to restore into');
      const config = await loadRestoreEncryption(flags.encryptionProviderConfig, flags.dataDir);
      const secrets = secretCheck(config);
      const header = await verifyBackupFile(flags.from, (e) => {
        secrets.check(e);
      });
      process.stderr.write(
        `backup verified: ${String(header.objects)} objects at revision ${String(header.revision)}, ${String(secrets.count)} Secrets decrypt\n`,
      );
      const target = await openStore(flags, { initialRevision: header.revision });
      try {
        await requireEmpty(target, describeStore(flags));
        await advanceRevision(target, header.revision, revisionProgress(header.revision));
        const done = await restoreEntries(target, backupEntries(flags.from), {
          leaseTtlSeconds: flags.leaseTtl,
          skip: skipLeaseRecords,
          onProgress: progress('restored'),
        });
        process.stdout.write(
          `restored ${String(done.restored)} objects into ${describeStore(flags)} (revision ${String(done.revision)})\n`,
        );
      } finally {
        await target.close();
      }
      if (config && flags.dataDir !== undefined && flags.etcdServers === undefined) {
        const beside = join(flags.dataDir, GENERATED_CONFIG);
        if (config.path !== beside) {
          // a config already there is kept (EEXIST); any other failure must not pass silently
          await copyFile(config.path, beside, constants.COPYFILE_EXCL).catch((err: unknown) => {
            if ((err as NodeJS.ErrnoException).code !== 'EEXIST')
              throw new Error(
                `restored, but could not copy the encryption config to ${beside}: ${String(err)}`,
              );
          });
        }
      }
    });
}
