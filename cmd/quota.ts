/**
 * `orgplane quota ORG [--team T] [--resource R...] [--kubeconfig F]`: a usage bar per quota'd
 * resource, from one QuotaReview each (so it answers what admission would: the tightest quota of
 * the organization and, with --team, of the team's branch). Without --resource, the resources are
 * those the Organization (and the team) set a quota on or count, else agents.
 */
import type { Command } from 'commander';
import type { QuotaReviewStatus } from '../api/quotareview.js';
import { loadKubeConfig } from './gitops/client.js';
import { ReviewClient } from './reviews/client.js';
import { renderQuota } from './reviews/render.js';

export interface QuotaOpts {
  team?: string;
  resource?: string[];
  kubeconfig?: string;
}

const keysOf = (obj: Record<string, unknown> | undefined, section: string, field: string): string[] => {
  const part = obj?.[section] as Record<string, unknown> | undefined;
  const m = part?.[field];
  return typeof m === 'object' && m !== null ? Object.keys(m) : [];
};

async function defaultResources(client: ReviewClient, org: string, team?: string): Promise<string[]> {
  const o = await client.read('Organization', org);
  const t = team === undefined ? undefined : await client.read('Team', team, org);
  const keys = new Set([
    ...keysOf(o, 'spec', 'quota'),
    ...keysOf(o, 'status', 'usage'),
    ...keysOf(t, 'spec', 'quota'),
  ]);
  return keys.size > 0 ? [...keys].sort() : ['agents'];
}

export async function quotaReport(org: string, opts: QuotaOpts): Promise<string> {
  const client = new ReviewClient(loadKubeConfig(opts.kubeconfig));
  const resources = opts.resource?.length ? opts.resource : await defaultResources(client, org, opts.team);
  const rows: { resource: string; status: QuotaReviewStatus }[] = [];
  for (const resource of resources) {
    const spec = { organization: org, resource, count: 1, ...(opts.team ? { team: opts.team } : {}) };
    rows.push({ resource, status: await client.review<QuotaReviewStatus>('QuotaReview', spec) });
  }
  const title = opts.team ? `team ${opts.team} of organization ${org}` : `organization ${org}`;
  return `${title}\n${renderQuota(rows)}`;
}

export function registerQuota(program: Command): void {
  program
    .command('quota')
    .description("show an organization's (or a team's) quota usage, one bar per resource")
    .argument('<organization>', 'the organization')
    .option('--team <name>', "a team of the organization: its branch's quotas apply")
    .option('--resource <key...>', 'resources to show (default: those with a quota)')
    .option('--kubeconfig <file>', 'kubeconfig to use (default $KUBECONFIG, then ~/.kube/config)')
    .action(async (org: string, opts: QuotaOpts) => {
      process.stdout.write(`${await quotaReport(org, opts)}\n`);
    });
}
