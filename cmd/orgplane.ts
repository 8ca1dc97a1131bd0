#!/usr/bin/env node
/** The orgplane command: subcommands wired with commander; failures are one line on stderr. */
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
