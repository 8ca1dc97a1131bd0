#!/usr/bin/env -S MALLOC_MMAP_THRESHOLD_=131072 node
/**
 * The orgplane command: subcommands wired with commander; failures are one line on stderr.
 * Run as an executable, it starts with glibc's malloc at a fixed mmap threshold (128 KiB, the
 * default): by default glibc raises the threshold each time a large buffer is freed, so later
 * buffers of a list or a relist come from its heap, which keeps their memory after they are freed
 * (about 300 MiB after a relist of 100,000 agents; returned with the threshold fixed).
 */
import { Command, CommanderError } from 'commander';

type Register = (program: Command) => void;

/**
 * Every subcommand's module by the names it registers, in help order. Only the module of the
 * subcommand being run is loaded (all of them for help or an unknown name): `up` would otherwise
 * load every CLI client's dependencies, about 2,000 modules and a second, before serving.
 */
const COMMANDS: readonly (readonly [readonly string[], () => Promise<Register>])[] = [
  [['up', 'apiserver'], async () => (await import('./serve.js')).registerServe],
  [['login'], async () => (await import('./login.js')).registerLogin],
  [['controllers'], async () => (await import('./controllers.js')).registerControllers],
  [['apply'], async () => (await import('./apply.js')).registerApply],
  [['diff'], async () => (await import('./diff.js')).registerDiff],
  [['import'], async () => (await import('./import.js')).registerImport],
  [['export'], async () => (await import('./export.js')).registerExport],
  [['top'], async () => (await import('./top.js')).registerTop],
  [['secrets'], async () => (await import('./secrets.js')).registerSecrets],
  [['keys'], async () => (await import('./keys.js')).registerKeys],
  [['audit'], async () => (await import('./audit.js')).registerAudit],
  [['quota'], async () => (await import('./quota.js')).registerQuota],
  [['access', 'who-can'], async () => (await import('./access.js')).registerAccess],
  [['backup'], async () => (await import('./backup.js')).registerBackup],
  [['restore'], async () => (await import('./restore.js')).registerRestore],
  [['migrate'], async () => (await import('./migrate.js')).registerMigrate],
];

const program = new Command()
  .name('orgplane')
  .description('A Kubernetes-style control plane for multi-tenant SaaS platforms')
  .exitOverride()
  .showHelpAfterError(false)
  .configureOutput({ writeErr: (s) => process.stderr.write(s.startsWith('error:') ? `orgplane: ${s}` : s) });

const named = process.argv[2];
const chosen = COMMANDS.filter(([names]) => named !== undefined && names.includes(named));
for (const register of await Promise.all((chosen.length > 0 ? chosen : COMMANDS).map(([, load]) => load())))
  register(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  process.stderr.write(`orgplane: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
