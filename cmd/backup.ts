/**
 * `orgplane backup --out FILE` from a running server (--kubeconfig, cluster-admin: the server
 * streams a snapshot), a stopped data dir (--data-dir) or etcd (--etcd-servers): every object at
 * one storage revision, in the format of apiserver/storage/backup/format.ts (header, entries,
 * trailer with a SHA-256). Secrets stay ciphertext. The file is written atomically (mode 0600),
 * then read back and verified; progress goes to stderr, the summary to stdout.
 */
import { rm } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { verifyBackupFile, writeFileAtomically } from '../apiserver/storage/backup/file.js';
import { snapshotLines, takeSnapshot } from '../apiserver/storage/backup/snapshot.js';
import { downloadBackup } from './backup/download.js';
import { describeStore, openStore, progress, type StoreFlags } from './backup/stores.js';
import { loadKubeConfig } from './gitops/client.js';
import { parseServers } from './serve.js';

interface BackupFlags extends StoreFlags {
  out: string;
  kubeconfig?: string;
}

async function fromStore(flags: BackupFlags): Promise<void> {
  const store = await openStore(flags, { source: true });
  try {
    process.stderr.write(`backing up ${describeStore(flags)}\n`);
    const snap = await takeSnapshot(store);
    await writeFileAtomically(flags.out, snapshotLines(snap, progress('backed up')));
  } finally {
    await store.close();
  }
}

export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description('write every object at one storage revision to a file (Secrets stay encrypted)')
    .requiredOption('--out <file>', 'the backup file to write')
    .option('--kubeconfig <file>', "a cluster-admin's kubeconfig: back up the running server")
    .option('--data-dir <dir>', 'back up the embedded store of a stopped server')
    .addOption(
      new Option('--etcd-servers <urls>', 'back up this etcd (comma-separated client URLs)')
        .env('ORGPLANE_ETCD_SERVERS')
        .argParser(parseServers),
    )
    .action(async (flags: BackupFlags) => {
      const sources = [flags.kubeconfig, flags.dataDir, flags.etcdServers].filter((s) => s !== undefined);
      if (sources.length !== 1) throw new Error('give one of --kubeconfig, --data-dir or --etcd-servers');
      if (flags.kubeconfig !== undefined) {
        process.stderr.write('backing up the server of the kubeconfig\n');
        await downloadBackup(loadKubeConfig(flags.kubeconfig), flags.out);
      } else {
        await fromStore(flags);
      }
      try {
        const header = await verifyBackupFile(flags.out);
        process.stdout.write(
          `backup of ${String(header.objects)} objects at revision ${String(header.revision)} written to ${flags.out}\n`,
        );
      } catch (err) {
        await rm(flags.out, { force: true });
        throw err;
      }
    });
}
