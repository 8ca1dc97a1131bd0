/**
 * `orgplane apply -f PATH... [-k DIR] [--prune] [--wait] [--dry-run=server] [--timeout 2m]
 * [--force-conflicts] [--kubeconfig FILE]`: server-side apply of manifest files as one validated set.
 */
import type { Command } from 'commander';
import { runApply } from './gitops/apply-run.js';
import { GitopsClient, loadKubeConfig } from './gitops/client.js';
import { parseDuration } from './gitops/wait.js';

interface ApplyOpts {
  filename?: string[];
  kustomize?: string[];
  prune?: boolean;
  wait?: boolean;
  dryRun?: string;
  timeout: string;
  forceConflicts?: boolean;
  kubeconfig?: string;
}

export function registerApply(program: Command): void {
  program
    .command('apply')
    .description('apply manifest files with server-side apply (validated as a whole before writing)')
    .option('-f, --filename <path...>', 'files or directories of manifests (YAML or JSON)')
    .option('-k, --kustomize <dir...>', 'kustomization directories')
    .option('--prune', 'delete objects previously applied from these paths that are no longer in them')
    .option('--wait', 'wait until applied objects report Ready')
    .option('--dry-run <mode>', 'server: validate and show what would change without writing')
    .option('--timeout <duration>', 'how long --wait waits', '2m')
    .option('--force-conflicts', 'take ownership of fields managed by others')
    .option('--kubeconfig <file>', 'kubeconfig to use (default $KUBECONFIG, then ~/.kube/config)')
    .action(async (opts: ApplyOpts) => {
      if (opts.dryRun !== undefined && opts.dryRun !== 'server' && opts.dryRun !== 'none')
        throw new Error(`--dry-run must be "server" or "none", not "${opts.dryRun}"`);
      const timeoutMs = parseDuration(opts.timeout);
      const connect = (): GitopsClient => new GitopsClient(loadKubeConfig(opts.kubeconfig));
      await runApply(
        connect,
        {
          files: opts.filename ?? [],
          kustomize: opts.kustomize ?? [],
          prune: opts.prune === true,
          wait: opts.wait === true,
          dryRun: opts.dryRun === 'server',
          force: opts.forceConflicts === true,
          timeoutMs,
        },
        (line) => process.stdout.write(`${line}\n`),
      );
    });
}
