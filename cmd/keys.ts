/**
 * `orgplane keys rotate [--kubeconfig FILE]`: a new token signing key signs every token issued
 * from now on; tokens signed before keep verifying with the old key until they expire (the old
 * key stays in /openid/v1/jwks until then). `orgplane keys list` shows the keys. Both go through
 * the running server's admin endpoints (apiserver/authn/key-rotation.ts), so they work with one
 * server or several on one etcd, and need cluster-admin (or the nonResourceURL granted).
 */
import type { Command } from 'commander';
import { loadKubeConfig } from './gitops/client.js';
import { kubeRequest } from './kube-request.js';

interface KeyInfo {
  readonly kid: string;
  readonly active: boolean;
  readonly createdAt: string;
  readonly retiredAt?: string;
}

const isKeyInfo = (v: unknown): v is KeyInfo =>
  typeof v === 'object' && v !== null && typeof (v as { kid?: unknown }).kid === 'string';

function keysOf(answer: unknown): KeyInfo[] {
  const keys = (answer as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) throw new Error('the server answered no list of keys');
  return keys.filter(isKeyInfo);
}

/** One line per key: kid, signing or retired, created. */
export function renderKeys(keys: readonly KeyInfo[]): string {
  return keys
    .map((k) => {
      const state = k.active ? 'signs new tokens' : `verifies only (retired ${k.retiredAt ?? '?'})`;
      return `${k.kid}  ${state}  created ${k.createdAt}`;
    })
    .join('\n');
}

interface KeysFlags {
  kubeconfig?: string;
}

export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('the token signing keys of the server');
  const kubeconfig = '--kubeconfig <file>';
  const kubeconfigHelp = 'kubeconfig of a cluster-admin (default $KUBECONFIG, then ~/.kube/config)';
  keys
    .command('rotate')
    .description('make a new key sign new tokens; old tokens verify with the old key until they expire')
    .option(kubeconfig, kubeconfigHelp)
    .action(async (flags: KeysFlags) => {
      const answer = await kubeRequest(loadKubeConfig(flags.kubeconfig), 'POST', '/signing-keys/rotate');
      const kid = (answer as { kid?: unknown } | null)?.kid;
      process.stdout.write(`rotated the token signing key: ${String(kid)} signs new tokens\n`);
      process.stdout.write(`${renderKeys(keysOf(answer))}\n`);
    });
  keys
    .command('list')
    .description('the signing keys: which one signs, which only verify')
    .option(kubeconfig, kubeconfigHelp)
    .action(async (flags: KeysFlags) => {
      const answer = await kubeRequest(loadKubeConfig(flags.kubeconfig), 'GET', '/signing-keys');
      process.stdout.write(`${renderKeys(keysOf(answer))}\n`);
    });
}
