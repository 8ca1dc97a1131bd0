/**
 * `orgplane top organizations [--kubeconfig FILE]`: today's activity of every organization the
 * caller may list, busiest first (requests, then writes), read from each Organization's activity
 * subresource. An organization whose activity the caller may not read is left out.
 */
import type { Command } from 'commander';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import type { DayActivity, OrganizationActivity } from '../api/activity.js';
import { loadKubeConfig } from './gitops/client.js';

const ORGS_PATH = '/apis/orgplane.io/v1alpha1/organizations';

/** GET a JSON document; rejects with the server's Status message on an error code. */
async function getJson(kc: KubeConfig, path: string): Promise<{ code: number; body: unknown }> {
  const server = kc.getCurrentCluster()?.server ?? '';
  const opts: https.RequestOptions = { method: 'GET', headers: { Accept: 'application/json' } };
  await kc.applyToHTTPSOptions(opts);
  return new Promise((resolve, reject) => {
    const req = https.request(new URL(path, server), opts, (resp) => {
      let text = '';
      resp.setEncoding('utf8');
      resp.on('data', (c: string) => (text += c));
      resp.on('end', () => {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON: keep the text
        }
        resolve({ code: resp.statusCode ?? 0, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

const messageOf = (body: unknown): string =>
  typeof body === 'object' && body !== null && 'message' in body
    ? String(body.message)
    : JSON.stringify(body);

export interface OrgRow extends Omit<DayActivity, 'date'> {
  readonly name: string;
}

/** Rows sorted busiest first: requests, then writes, then name. */
export function busiestFirst(rows: readonly OrgRow[]): OrgRow[] {
  return [...rows].sort(
    (a, b) => b.requests - a.requests || b.writes - a.writes || a.name.localeCompare(b.name),
  );
}

export function renderTable(rows: readonly OrgRow[]): string {
  const head = ['NAME', 'REQUESTS', 'WRITES', 'DENIALS', 'ACTIVE USERS', 'AGENTS CREATED', 'AGENTS DELETED'];
  const cells = rows.map((r) =>
    [r.name, r.requests, r.writes, r.denials, r.activeUsers, r.agentsCreated, r.agentsDeleted].map(String),
  );
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]): string =>
    c
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('   ')
      .trimEnd() + '\n';
  return line(head) + cells.map(line).join('');
}

async function topOrganizations(kc: KubeConfig): Promise<string> {
  const list = await getJson(kc, ORGS_PATH);
  if (list.code !== 200) throw new Error(messageOf(list.body));
  const items = (list.body as { items?: { metadata?: { name?: string } }[] }).items ?? [];
  const names = items.map((o) => o.metadata?.name ?? '').filter((n) => n !== '');
  const rows = await Promise.all(
    names.map(async (name): Promise<OrgRow | undefined> => {
      const r = await getJson(kc, `${ORGS_PATH}/${encodeURIComponent(name)}/activity?days=1`);
      if (r.code === 403 || r.code === 404) return undefined;
      if (r.code !== 200) throw new Error(`${name}: ${messageOf(r.body)}`);
      const today = (r.body as OrganizationActivity).days[0];
      if (!today) return undefined;
      const { date: _date, ...counts } = today;
      return { name, ...counts };
    }),
  );
  return renderTable(busiestFirst(rows.filter((r): r is OrgRow => r !== undefined)));
}

export function registerTop(program: Command): void {
  const top = program.command('top').description('show the busiest tenants');
  top
    .command('organizations')
    .alias('organization')
    .alias('orgs')
    .description(
      "today's requests, writes, denials, active users and agents of each organization, busiest first",
    )
    .option('--kubeconfig <file>', 'kubeconfig to use (default $KUBECONFIG, then ~/.kube/config)')
    .action(async (opts: { kubeconfig?: string }) => {
      process.stdout.write(await topOrganizations(loadKubeConfig(opts.kubeconfig)));
    });
}
