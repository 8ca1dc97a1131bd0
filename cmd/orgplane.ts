#!/usr/bin/env -S MALLOC_MMAP_THRESHOLD_=131072 node
/**
 * The orgplane command: subcommands wired with commander; failures are one line on stderr.
 * Run as an executable, it starts with glibc's malloc at a fixed mmap threshold (128 KiB, the
 * default): by default glibc raises the threshold each time a large buffer is freed, so later
 * buffers of a list or a relist come from its heap, which keeps their memory after they are freed
 * (about 300 MiB after a relist of 100,000 agents; returned with the threshold fixed).
 */
import { Command, CommanderError } from 'commander';
import { registerAccess } from './access.js';
import { registerApply } from './apply.js';
import { registerAudit } from './audit.js';
import { registerBackup } from './backup.js';
import { registerControllers } from './controllers.js';
import { registerDiff } from './diff.js';
import { registerExport } from './export.js';
import { registerImport } from './import.js';
import { registerKeys } from './keys.js';
import { registerLogin } from './login.js';
import { registerMigrate } from './migrate.js';
import { registerQuota } from './quota.js';
import { registerRestore } from './restore.js';
import { registerSecrets } from './secrets.js';
import { registerServe } from './serve.js';
import { registerTop } from './top.js';

const program = new Command()
  .name('orgplane')
  .description('A Kubernetes-style control plane for multi-tenant SaaS platforms')
  .exitOverride()
  .showHelpAfterError(false)
  .configureOutput({ writeErr: (s) => process.stderr.write(s.startsWith('error:') ? `orgplane: ${s}` : s) });

registerServe(program);
registerLogin(program);
registerControllers(program);
registerApply(program);
registerDiff(program);
registerImport(program);
registerExport(program);
registerTop(program);
registerSecrets(program);
registerKeys(program);
registerAudit(program);
registerQuota(program);
registerAccess(program);
registerBackup(program);
registerRestore(program);
registerMigrate(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  process.stderr.write(`orgplane: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
