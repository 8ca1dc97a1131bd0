/**
 * `orgplane audit verify DIR [--jwks FILE]... [--kubeconfig FILE]`: checks the hash chain and the
 * signed digests of the audit log in DIR (apiserver/audit/verify.ts) and prints either that it is
 * intact (records and digests verified) or the first line altered, removed or reordered; exit 1
 * on tampering. The digests' public keys come from the --jwks files (saved copies of the server's
 * /openid/v1/jwks) or else from the server: --kubeconfig, else <DIR>/../admin.kubeconfig when DIR
 * is a data dir's audit directory, else $KUBECONFIG or ~/.kube/config.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { JSONWebKeySet } from 'jose';
import { logFilesIn } from '../apiserver/audit/verify-files.js';
import { verifyAuditLog } from '../apiserver/audit/verify.js';
import { loadKubeConfig } from './gitops/client.js';
import { kubeRequest } from './kube-request.js';

interface VerifyFlags {
  jwks?: string[];
  kubeconfig?: string;
}

function keysOf(doc: unknown, from: string): JSONWebKeySet['keys'] {
  const keys = (doc as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) throw new Error(`${from} is not a JWKS (no "keys" list)`);
  return keys as JSONWebKeySet['keys'];
}

async function jwksFor(dir: string, flags: VerifyFlags): Promise<JSONWebKeySet> {
  if (flags.jwks && flags.jwks.length > 0) {
    const keys: JSONWebKeySet['keys'] = [];
    for (const f of flags.jwks) keys.push(...keysOf(JSON.parse(await readFile(f, 'utf8')) as unknown, f));
    return { keys };
  }
  const beside = join(dirname(resolve(dir)), 'admin.kubeconfig');
  const kubeconfig = flags.kubeconfig ?? (existsSync(beside) ? beside : undefined);
  try {
    return {
      keys: keysOf(await kubeRequest(loadKubeConfig(kubeconfig), 'GET', '/openid/v1/jwks'), 'the server'),
    };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(
      `cannot get the server's signing keys (${why}): pass --jwks FILE with a saved /openid/v1/jwks`,
    );
  }
}

/** Verifies the log; answers the report and whether it is intact. */
export async function verifyAuditDir(
  dir: string,
  flags: VerifyFlags,
  now = new Date(),
): Promise<{ intact: boolean; report: string }> {
  const { files, missing } = await logFilesIn(dir);
  if (files.length === 0) throw new Error(`no audit log files in ${dir}`);
  if (missing.length > 0)
    return {
      intact: false,
      report: `audit log tampered: ${missing.join(', ')} removed (between ${files[0]?.name ?? ''} and ${files.at(-1)?.name ?? ''})`,
    };
  const result = await verifyAuditLog(files, { jwks: await jwksFor(dir, flags), now });
  if (!result.intact)
    return {
      intact: false,
      report: `audit log tampered: ${result.file}:${String(result.line)}: ${result.problem}`,
    };
  const head = `audit log intact: ${String(result.records)} records and ${String(result.digests)} digests verified in ${String(result.files)} file(s)`;
  return { intact: true, report: [head, ...result.notes.map((n) => `note: ${n}`)].join('\n') };
}

export function registerAudit(program: Command): void {
  program
    .command('audit')
    .description('the audit log')
    .command('verify')
    .description('check the audit log hash chain and signed digests; exit 1 naming the first tampered line')
    .argument('<dir>', 'the audit log directory (e.g. .orgplane/audit) or one of its files')
    .option('--jwks <file...>', "the server's public keys (saved /openid/v1/jwks); default: ask the server")
    .option(
      '--kubeconfig <file>',
      'kubeconfig of the server to take the keys from (default <dir>/../admin.kubeconfig)',
    )
    .action(async (dir: string, flags: VerifyFlags) => {
      const { intact, report } = await verifyAuditDir(dir, flags);
      process.stdout.write(`${report}\n`);
      if (!intact) process.exitCode = 1;
    });
}
