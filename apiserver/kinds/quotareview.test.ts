import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../api/meta.js';
import { isApiError } from '../errors/status.js';
import { answerQuotaReview, validateQuotaReview, type QuotaRecords } from './quotareview.js';

const record = (
  name: string,
  quota: Record<string, number>,
  usage?: Record<string, number>,
  parent?: string,
): KubeObject => ({
  apiVersion: 'orgplane.io/v1alpha1',
  kind: 'X',
  metadata: { name },
  spec: { quota, ...(parent ? { parent } : {}) },
  ...(usage ? { status: { usage } } : {}),
});

function records(
  org: KubeObject | undefined,
  teams: KubeObject[] = [],
  counts: Record<string, number> = {},
): QuotaRecords & { counted: string[] } {
  const counted: string[] = [];
  return {
    counted,
    organization: () => Promise.resolve(org),
    team: (_org, name) => Promise.resolve(teams.find((t) => t.metadata.name === name)),
    count: (ns) => {
      counted.push(ns);
      return Promise.resolve(counts[ns] ?? 0);
    },
  };
}

const spec = (extra: Partial<{ team: string; count: number; resource: string }> = {}) => ({
  organization: 'acme',
  resource: 'agents',
  count: 1,
  ...extra,
});

function causes(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (isApiError(err))
      return (err.status.details?.causes ?? []).map((c) => `${c.field ?? ''}: ${c.reason ?? ''}`);
  }
  return [];
}

describe('QuotaReview validation', () => {
  it('names every bad field in one 422', () => {
    expect(causes(() => validateQuotaReview({ resource: 'nope', count: 0, team: '' }, ['agents']))).toEqual([
      'spec.organization: FieldValueRequired',
      'spec.team: FieldValueInvalid',
      'spec.resource: FieldValueNotSupported',
      'spec.count: FieldValueInvalid',
    ]);
    expect(
      causes(() => validateQuotaReview({ organization: 'a', resource: 'agents', count: 1.5 }, ['agents'])),
    ).toEqual(['spec.count: FieldValueInvalid']);
  });

  it('accepts a whole count of at least 1 for a quota key', () => {
    expect(validateQuotaReview({ organization: 'a', resource: 'agents', count: 3 }, ['agents'])).toEqual({
      organization: 'a',
      resource: 'agents',
      count: 3,
    });
  });
});

describe('QuotaReview answers', () => {
  it('judges against the recorded usage, the way admission does', async () => {
    const org = record('acme', { agents: 100 }, { agents: 45 });
    expect(await answerQuotaReview(records(org), spec({ count: 55 }))).toMatchObject({
      allowed: true,
      limit: 100,
      used: 45,
      remaining: 55,
      reason: '55 more agents fit: organization acme uses 45 of 100, 55 remaining',
    });
    expect(await answerQuotaReview(records(org), spec({ count: 56 }))).toMatchObject({
      allowed: false,
      reason: 'exceeded quota: agents, requested: 56, used: 45, limited: 100',
    });
  });

  it('counts the objects when no usage is recorded yet', async () => {
    const r = records(record('acme', { agents: 3 }), [], { acme: 2 });
    expect(await answerQuotaReview(r, spec())).toMatchObject({ allowed: true, used: 2, remaining: 1 });
    expect(r.counted).toEqual(['acme']);
  });

  it('answers an unlimited resource as allowed with no limit', async () => {
    const s = await answerQuotaReview(records(record('acme', {}, { agents: 7 })), spec({ count: 1000 }));
    expect(s).toEqual({
      allowed: true,
      used: 7,
      reason: 'agents are not limited in organization acme',
      quotas: [{ scope: 'Organization', name: 'acme', used: 7 }],
    });
  });

  it('applies every quota of the branch and names the tightest', async () => {
    const teams = [
      record('backend', {}, { agents: 1 }, 'eng'),
      record('eng', { agents: 4 }, { agents: 3 }, 'platform'),
      record('platform', { agents: 10 }, { agents: 3 }),
    ];
    const s = await answerQuotaReview(
      records(record('acme', { agents: 50 }, { agents: 9 }), teams),
      spec({ team: 'backend', count: 2 }),
    );
    expect(s.quotas.map((q) => `${q.scope} ${q.name} ${String(q.remaining)}`)).toEqual([
      'Organization acme 41',
      'Team backend undefined',
      'Team eng 1',
      'Team platform 7',
    ]);
    expect(s).toMatchObject({ allowed: false, limit: 4, used: 3, remaining: 1 });
    expect(s.reason).toBe('exceeded quota: agents of team eng, requested: 2, used: 3, limited: 4');
  });

  it('stops at a cycle of parents instead of looping', async () => {
    const teams = [record('a', { agents: 1 }, { agents: 0 }, 'b'), record('b', {}, { agents: 0 }, 'a')];
    const s = await answerQuotaReview(records(record('acme', {}), teams), spec({ team: 'a' }));
    expect(s.quotas.map((q) => q.name)).toEqual(['acme', 'a', 'b']);
  });

  it('answers 404 for a missing organization or team', async () => {
    await expect(answerQuotaReview(records(undefined), spec())).rejects.toMatchObject({
      message: 'organizations.orgplane.io "acme" not found',
    });
    await expect(
      answerQuotaReview(records(record('acme', {})), spec({ team: 'ghost' })),
    ).rejects.toMatchObject({
      message: 'teams.orgplane.io "ghost" not found',
    });
  });
});
