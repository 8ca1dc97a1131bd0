/**
 * `orgplane diff -f PATH... [-k DIR] [--kubeconfig FILE]`: unified diff between the live objects and
 * what applying the files would produce; exit 1 when anything differs, 0 when nothing does.
 */
import type { Command } from 'commander';
import { GitopsClient, loadKubeConfig } from './gitops/client.js';
import { runDiff } from './gitops/diff-run.js';

interface DiffOpts {
  filename?: string[];
  kustomize?: string[];
  kubeconfig?: string;
}

export function registerDiff(program: Command): void {
  program
    .command('diff')
    .description('show how the live objects differ from the manifest files (exit 1 when they do)')
    .option('-f, --filename <path...>', 'files or directories of manifests (YAML or JSON)')
    .option('-k, --kustomize <dir...>', 'kustomization directories')
    .option('--kubeconfig <file>', 'kubeconfig to use (default $KUBECONFIG, then ~/.kube/config)')
    .action(async (opts: DiffOpts) => {
      const connect = (): GitopsClient => new GitopsClient(loadKubeConfig(opts.kubeconfig));
      const differs = await runDiff(connect, opts.filename ?? [], opts.kustomize ?? [], (t) =>
        process.stdout.write(t),
      );
      if (differs) process.exitCode = 1;
    });
}
