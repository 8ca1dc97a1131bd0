import { describe, expect, it } from '@jest/globals';
import { ApiRequestError } from '../../api/errors';
import type { RequestOptions } from '../../api/request';
import { createAgent } from './create-agent';
import type { Agent } from './types';

const agent: Agent = { metadata: { name: 'bot', namespace: 'acme' }, spec: { model: 'm' } };

describe('createAgent', () => {
  it('dry-runs, then creates', async () => {
    const calls: string[] = [];
    const post = <T>(path: string, opts: RequestOptions = {}): Promise<T> => {
      calls.push(`${opts.method ?? 'GET'} ${path}`);
      return Promise.resolve(opts.body as T);
    };
    await expect(createAgent(agent, post)).resolves.toEqual(agent);
    expect(calls).toEqual([
      'POST /apis/orgplane.io/v1alpha1/namespaces/acme/agents?dryRun=All&fieldValidation=Strict',
      'POST /apis/orgplane.io/v1alpha1/namespaces/acme/agents?fieldValidation=Strict',
    ]);
  });
  it('creates nothing when the dry run fails', async () => {
    const calls: string[] = [];
    const post = <T>(path: string): Promise<T> => {
      calls.push(path);
      return Promise.reject(new ApiRequestError({ kind: 'Status', code: 422, message: 'invalid' }));
    };
    await expect(createAgent(agent, post)).rejects.toThrow('invalid');
    expect(calls).toHaveLength(1);
  });
});
