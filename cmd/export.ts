/**
 * `orgplane export organization NAME [-o yaml|json] [--include-secrets] [--out FILE]
 * [--kubeconfig FILE]`: one bundle of a tenant that `kubectl apply -f` recreates on another
 * server. Reads only through the API with the caller's credentials, so RBAC decides what may be
 * exported (an org admin exports its own organization, and is refused any other). Secrets only
 * with --include-secrets, and then only into a file (--out, mode 0600): never to stdout, where
 * they would end up in terminals, pipes and CI logs.
 */
import type { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { chmod, rename, rm, writeFile } from 'node:fs/promises';
import { GitopsClient, loadKubeConfig } from './gitops/client.js';
import type { Obj } from './gitops/objects.js';
import { collect, type Reader } from './export/collect.js';
import { applyOrder } from './export/order.js';
import { render } from './export/render.js';
import { stripAll } from './export/strip.js';

export interface ExportOpts {
  output: string;
  includeSecrets?: boolean;
  out?: string;
  kubeconfig?: string;
}

export interface Exported {
  readonly text: string;
  readonly count: number;
  readonly notes: string[];
}

/** Plain JSON (client-node answers class instances holding Dates and undefined fields). */
const plain = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function readerOf(client: GitopsClient): Reader {
  return {
    read: async (apiVersion, kind, name, namespace) => {
      const o = await client.read({
        apiVersion,
        kind,
        metadata: { name, ...(namespace ? { namespace } : {}) },
      });
      return o && plain(o);
    },
    list: async (apiVersion, kind, namespace) => plain(await client.list(apiVersion, kind, '', namespace)),
  };
}

/** The bundle of organization `org` as text. */
export async function exportOrganization(org: string, opts: ExportOpts): Promise<Exported> {
  if (opts.output !== 'yaml' && opts.output !== 'json')
    throw new Error(`unknown output format "${opts.output}" (use yaml or json)`);
  if (opts.includeSecrets === true && opts.out === undefined)
    throw new Error('--include-secrets writes Secrets only to a file: add --out FILE');
  const client = new GitopsClient(loadKubeConfig(opts.kubeconfig));
  try {
    const { objects, notes } = await collect(readerOf(client), org, opts.includeSecrets === true);
    const bundle: Obj[] = applyOrder(stripAll(objects));
    return { text: render(bundle, opts.output), count: bundle.length, notes };
  } finally {
    client.close();
  }
}

/** Writes `text` to `file` with mode 0600, whole or not at all (a temporary file renamed). */
async function writePrivate(file: string, text: string): Promise<void> {
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, text, { mode: 0o600, flag: 'wx' });
    await chmod(tmp, 0o600);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('export data from the server')
    .command('organization')
    .description('one bundle of an organization that `kubectl apply -f` recreates on another server')
    .argument('<name>', 'the organization')
    .option('-o, --output <format>', 'yaml or json', 'yaml')
    .option('--include-secrets', 'include the Secrets of its namespaces (needs --out)')
    .option('--out <file>', 'write the bundle to this file (mode 0600) instead of stdout')
    .option('--kubeconfig <file>', 'kubeconfig to use (default $KUBECONFIG, then ~/.kube/config)')
    .action(async (name: string, opts: ExportOpts) => {
      const done = await exportOrganization(name, opts);
      for (const note of done.notes) process.stderr.write(`orgplane: ${note}\n`);
      if (opts.out === undefined) {
        process.stdout.write(done.text);
        return;
      }
      await writePrivate(opts.out, done.text);
      const secrets = opts.includeSecrets === true ? ', Secrets included: keep it private' : '';
      process.stderr.write(
        `wrote ${String(done.count)} objects of organization ${name} to ${opts.out} (mode 0600${secrets})\n`,
      );
    });
}
