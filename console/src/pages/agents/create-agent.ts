/**
 * Creating an agent: always a server-side dry run first (admission and validation answer without
 * writing), then the real create. fieldValidation=Strict, so a misspelt field is an error, not
 * silently dropped.
 */
import { AGENTS, resourcePath, withQuery } from '../../api/paths';
import { request } from '../../api/request';
import type { Agent } from './types';

export async function createAgent(agent: Agent, post = request): Promise<Agent> {
  const path = resourcePath(AGENTS, { namespace: agent.metadata.namespace ?? '' });
  await post<Agent>(withQuery(path, { dryRun: 'All', fieldValidation: 'Strict' }), {
    method: 'POST',
    body: agent,
  });
  return post<Agent>(withQuery(path, { fieldValidation: 'Strict' }), { method: 'POST', body: agent });
}
