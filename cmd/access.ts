/**
 * `orgplane access USER` and `orgplane who-can VERB RESOURCE[/NAME] -n NAMESPACE`: effective
 * permissions, from an AccessReview or a WhoCanReview (answered by the server from the
 * authorizer's own index); `-o json|yaml` prints the review's status as is.
 */
import type { Command } from 'commander';
import { dump } from 'js-yaml';
import type { AccessReviewStatus, WhoCanReviewStatus } from '../api/accessreview.js';
import { loadKubeConfig } from './gitops/client.js';
import { ReviewClient } from './reviews/client.js';
import { renderAccess, renderWhoCan } from './reviews/render.js';

interface Common {
  output?: string;
  kubeconfig?: string;
}

export interface WhoCanOpts extends Common {
  namespace: string;
  subresource?: string;
}

function printed(status: unknown, output: string | undefined, text: () => string): string {
  if (output === 'json') return JSON.stringify(status, null, 2);
  if (output === 'yaml') return dump(status, { noRefs: true }).trimEnd();
  if (output !== undefined && output !== '') throw new Error(`unknown output format ${output}: json or yaml`);
  return text();
}

export async function accessReport(user: string, opts: Common): Promise<string> {
  const client = new ReviewClient(loadKubeConfig(opts.kubeconfig));
  const status = await client.review<AccessReviewStatus>('AccessReview', { user });
  return printed(status, opts.output, () => renderAccess(user, status));
}

export async function whoCanReport(verb: string, target: string, opts: WhoCanOpts): Promise<string> {
  const [resource = '', name = ''] = target.split('/');
  const spec = {
    verb,
    resource,
    namespace: opts.namespace,
    ...(name ? { name } : {}),
    ...(opts.subresource ? { subresource: opts.subresource } : {}),
  };
  const client = new ReviewClient(loadKubeConfig(opts.kubeconfig));
  const status = await client.review<WhoCanReviewStatus>('WhoCanReview', spec);
  return printed(status, opts.output, () => renderWhoCan(status));
}

const common = (c: Command): Command =>
  c
    .option('-o, --output <format>', 'json or yaml: the review status as the server answered it')
    .option('--kubeconfig <file>', 'kubeconfig to use (default $KUBECONFIG, then ~/.kube/config)');

export function registerAccess(program: Command): void {
  common(
    program
      .command('access')
      .description('what a user (a global service account) may do in each organization, and why')
      .argument('<user>', 'the user name'),
  ).action(async (user: string, opts: Common) => {
    process.stdout.write(`${await accessReport(user, opts)}\n`);
  });
  common(
    program
      .command('who-can')
      .description('every subject that may do VERB on RESOURCE in a namespace, and why')
      .argument('<verb>', 'e.g. create, delete')
      .argument('<resource>', 'RESOURCE or RESOURCE/NAME, e.g. agents or agents/bot-1')
      .requiredOption('-n, --namespace <namespace>', 'the organization or team namespace')
      .option('--subresource <name>', 'a subresource, e.g. status'),
  ).action(async (verb: string, target: string, opts: WhoCanOpts) => {
    process.stdout.write(`${await whoCanReport(verb, target, opts)}\n`);
  });
}
