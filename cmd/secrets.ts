/** `orgplane secrets reencrypt [--kubeconfig FILE]`: rewrite every Secret with the key that writes now. */
import type { Command } from 'commander';
import { loadKubeConfig } from './gitops/client.js';
import { secretsApi } from './secrets/client.js';
import { describeCounts, reencryptAll } from './secrets/reencrypt.js';

export function registerSecrets(program: Command): void {
  const secrets = program.command('secrets').description('Secrets stored by a running server');
  secrets
    .command('reencrypt')
    .description(
      'rewrite every Secret so it is stored with the first provider of the encryption config (after adding a key; before removing the old one)',
    )
    .option('--kubeconfig <file>', 'kubeconfig to use (default $KUBECONFIG, then ~/.kube/config)')
    .action(async (opts: { kubeconfig?: string }) => {
      const counts = await reencryptAll(secretsApi(loadKubeConfig(opts.kubeconfig)));
      process.stdout.write(`${describeCounts(counts)}\n`);
    });
}
