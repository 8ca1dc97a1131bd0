/**
 * `orgplane migrate --from-data-dir D --etcd-servers URLS`: the embedded store of a stopped server
 * moved into an empty etcd, as backup + restore without a file (a snapshot of D read twice: once
 * to check every Secret decrypts with the encryption config, once to write). Afterwards
 * `orgplane up --etcd-servers URLS` serves it, given the same encryption config (the data dir D,
 * or --encryption-provider-config).
 */
import { Option, type Command } from 'commander';
import { advanceRevision, requireEmpty, restoreEntries } from '../apiserver/storage/backup/restore.js';
import { takeSnapshot } from '../apiserver/storage/backup/snapshot.js';
import { loadRestoreEncryption, secretCheck } from './backup/encryption.js';
import { describeStore, openStore, progress, revisionProgress, skipLeaseRecords } from './backup/stores.js';
import { encryptionOption, leaseTtlOption } from './restore.js';
import { parseServers } from './serve.js';

interface MigrateFlags {
  fromDataDir: string;
  etcdServers: string[];
  encryptionProviderConfig?: string;
  leaseTtl: number;
}

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description("move a stopped server's embedded store into an empty etcd")
    .requiredOption('--from-data-dir <dir>', 'the data dir of the stopped server')
    .addOption(
      new Option('--etcd-servers <urls>', 'the empty etcd to move it into (comma-separated client URLs)')
        .env('ORGPLANE_ETCD_SERVERS')
        .argParser(parseServers)
        .makeOptionMandatory(),
    )
    .addOption(encryptionOption('<from-data-dir>'))
    .addOption(leaseTtlOption())
    .action(async (flags: MigrateFlags) => {
      const config = await loadRestoreEncryption(flags.encryptionProviderConfig, flags.fromDataDir);
      const secrets = secretCheck(config);
      const source = await openStore({ dataDir: flags.fromDataDir }, { source: true });
      try {
        const snap = await takeSnapshot(source);
        for await (const e of snap.entries()) secrets.check(e);
        const targetFlags = { etcdServers: flags.etcdServers };
        const target = await openStore(targetFlags, { initialRevision: snap.revision });
        try {
          await requireEmpty(target, describeStore(targetFlags));
          await advanceRevision(target, snap.revision, revisionProgress(snap.revision));
          process.stderr.write(
            `moving ${String(snap.objects)} objects at revision ${String(snap.revision)} (${String(secrets.count)} Secrets decrypt)\n`,
          );
          const done = await restoreEntries(target, snap.entries(), {
            leaseTtlSeconds: flags.leaseTtl,
            skip: skipLeaseRecords,
            onProgress: progress('moved'),
          });
          process.stdout.write(
            `migrated ${String(done.restored)} objects from ${flags.fromDataDir} into ${describeStore(targetFlags)}; serve it with: orgplane up --data-dir ${flags.fromDataDir} --etcd-servers ${flags.etcdServers.join(',')}\n`,
          );
        } finally {
          await target.close();
        }
      } finally {
        await source.close();
      }
    });
}
