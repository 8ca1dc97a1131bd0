/**
 * `orgplane import members --organization ORG -f FILE.csv [--dry-run] [--kubeconfig FILE]`: creates
 * the missing ServiceAccounts of a member file and binds each to its role in the organization's (or
 * its team's) namespace. All or nothing: the whole file is checked, then every write is tried as a
 * server-side dry run (admission, escalation and validation included), and only when all pass is
 * anything written. Idempotent: a member already bound is unchanged.
 */
import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { GitopsClient, loadKubeConfig } from './gitops/client.js';
import { nameOf, type Obj } from './gitops/objects.js';
import { planMembers, type RowPlan } from './members/plan.js';
import { inPool } from './members/pool.js';
import { parseMembers, type MemberRow } from './members/rows.js';

export interface ImportOpts {
  organization: string;
  filename: string;
  dryRun?: boolean;
  kubeconfig?: string;
  /** report progress for files with more rows than this (default 1,000) */
  progressAbove?: number;
}

/** Files longer than this report progress on stderr (unless ImportOpts.progressAbove says otherwise). */
const PROGRESS_ROWS = 1000;

function progress(total: number, what: string, above: number): (done: number) => void {
  if (total <= above) return () => undefined;
  let last = 0;
  return (done) => {
    const now = Date.now();
    if (done < total && now - last < 1000) return;
    last = now;
    process.stderr.write(`${what} ${String(done)}/${String(total)} rows\n`);
  };
}

/** Writes in flight at once; the rows of one member are written in order (account, then binding). */
const WRITES_IN_FLIGHT = 16;

async function writeAll(
  client: GitopsClient,
  plans: readonly RowPlan[],
  dryRun: boolean,
  progressAbove: number,
): Promise<string[]> {
  const report = progress(plans.length, dryRun ? 'checked' : 'imported', progressAbove);
  let done = 0;
  const errors = await inPool(plans, WRITES_IN_FLIGHT, async (plan) => {
    const bad: string[] = [];
    for (const o of plan.writes) {
      try {
        await client.apply(o, { dryRun, force: false });
      } catch (err) {
        const what = `${String(o.kind)} ${nameOf(o)}`;
        bad.push(
          `line ${String(plan.row.line)}: ${what}: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    }
    report(++done);
    return bad;
  });
  return errors.flat();
}

/** Imports the file; answers the summary line. Throws (nothing written) on any bad line. */
export async function importMembers(opts: ImportOpts): Promise<string> {
  const parsed = parseMembers(await readFile(opts.filename, 'utf8'));
  if (parsed.errors.length > 0)
    throw new Error(`${opts.filename}: nothing imported:\n${parsed.errors.join('\n')}`);
  const client = new GitopsClient(loadKubeConfig(opts.kubeconfig));
  try {
    return await importWith(client, parsed.rows, opts);
  } finally {
    client.close();
  }
}

async function importWith(
  client: GitopsClient,
  rows: readonly MemberRow[],
  opts: ImportOpts,
): Promise<string> {
  const above = opts.progressAbove ?? PROGRESS_ROWS;
  const reads = {
    read: (apiVersion: string, kind: string, name: string, namespace?: string): Promise<Obj | undefined> =>
      client.read({ apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}) } }),
    roleBindings: (ns: string): Promise<Obj[]> =>
      client.list('rbac.authorization.k8s.io/v1', 'RoleBinding', '', ns),
  };
  const plan = await planMembers(reads, opts.organization, rows, progress(rows.length, 'read', above));
  if (plan.errors.length > 0)
    throw new Error(`${opts.filename}: nothing imported:\n${plan.errors.join('\n')}`);
  const refused = await writeAll(client, plan.rows, true, above);
  if (refused.length > 0) throw new Error(`${opts.filename}: nothing imported:\n${refused.join('\n')}`);
  const failed = opts.dryRun === true ? [] : await writeAll(client, plan.rows, false, above);
  if (failed.length > 0)
    throw new Error(
      `${opts.filename}: the import stopped part way (run it again to finish):\n${failed.join('\n')}`,
    );
  const created = plan.rows.filter((p) => p.createsAccount).length;
  const bound = plan.rows.filter((p) => p.writes.some((o) => o.kind === 'RoleBinding')).length;
  const unchanged = plan.rows.filter((p) => p.writes.length === 0).length;
  const [c, b] = opts.dryRun === true ? ['(dry run) would create', 'would bind'] : ['created', 'bound'];
  return `${c} ${String(created)} service accounts, ${b} ${String(bound)} members, ${String(unchanged)} unchanged (organization ${opts.organization})`;
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('import data into an organization')
    .command('members')
    .description(
      'create and bind the members of a CSV file (header username,role[,team][,email]); all or nothing',
    )
    .requiredOption('--organization <name>', 'the organization the members join')
    .requiredOption('-f, --filename <file>', 'the CSV file')
    .option('--dry-run', 'check everything with the server, write nothing')
    .option('--kubeconfig <file>', 'kubeconfig to use (default $KUBECONFIG, then ~/.kube/config)')
    .action(async (opts: ImportOpts) => {
      process.stdout.write(`${await importMembers(opts)}\n`);
    });
}
