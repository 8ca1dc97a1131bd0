/**
 * QuotaReview's rules: its spec's validation and the answer from the quota records that would
 * judge the creates, read as quota admission reads them (admission-plugins/quota.ts): a record's
 * `spec.quota[key]` limits, its `status.usage[key]` is the count of record, and a record that has
 * recorded no usage yet counts its objects. With a team, the records are the Organization, the
 * team and every ancestor team (each counting its whole subtree); the creates fit when they fit
 * every one, and the one with the least room left is the one the answer names.
 */
import type { KubeObject } from '../../api/meta.js';
import type { QuotaReviewStatus, QuotaStanding } from '../../api/quotareview.js';
import { invalid as invalidObject, notFound } from '../errors/status.js';
import { limitOf, recordedUsage } from '../registry/quota-usage.js';
import { child, invalid, notSupported, required, type FieldError } from '../validation/field.js';
import { teamNamespace } from './team-tree.js';

export interface QuotaReviewSpec {
  readonly organization: string;
  readonly team?: string;
  readonly resource: string;
  readonly count: number;
}

/** What the answer reads: the quota records (undefined when absent) and, when needed, a count. */
export interface QuotaRecords {
  organization(name: string): Promise<KubeObject | undefined>;
  team(org: string, name: string): Promise<KubeObject | undefined>;
  /** the objects of the resource in namespace and every namespace below it */
  count(namespace: string): Promise<number>;
}

const REVIEW = { group: 'orgplane.io', kind: 'QuotaReview' };
const MAX_DEPTH = 64;

const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v !== '';

/** The spec, or a 422 naming every bad field. `resources` are the quota keys a spec may name. */
export function validateQuotaReview(
  spec: Record<string, unknown>,
  resources: readonly string[],
): QuotaReviewSpec {
  const errs: FieldError[] = [];
  const path = (f: string): string => child('spec', f);
  if (!nonEmpty(spec.organization)) errs.push(required(path('organization')));
  if (spec.team !== undefined && !nonEmpty(spec.team))
    errs.push(invalid(path('team'), spec.team, 'must be a team name'));
  if (!nonEmpty(spec.resource)) errs.push(required(path('resource')));
  else if (!resources.includes(spec.resource))
    errs.push(notSupported(path('resource'), spec.resource, resources));
  const count = spec.count;
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 1)
    errs.push(invalid(path('count'), count ?? null, 'must be a whole number greater than or equal to 1'));
  if (errs.length > 0) throw invalidObject(REVIEW, '', errs);
  return {
    organization: spec.organization as string,
    ...(nonEmpty(spec.team) ? { team: spec.team } : {}),
    resource: spec.resource as string,
    count: count as number,
  };
}

const parentOf = (team: KubeObject): string | undefined => {
  const spec = team.spec as { parent?: unknown } | undefined;
  return nonEmpty(spec?.parent) ? spec.parent : undefined;
};

/** The team and its ancestors, nearest first, as records with the namespace each counts. */
async function teamBranch(
  records: QuotaRecords,
  org: string,
  team: string,
): Promise<{ name: string; record: KubeObject }[]> {
  const out: { name: string; record: KubeObject }[] = [];
  for (let name: string | undefined = team; name !== undefined && out.length < MAX_DEPTH;) {
    const record = await records.team(org, name);
    if (!record) {
      if (out.length === 0) throw notFound({ group: 'orgplane.io', resource: 'teams' }, team);
      break;
    }
    out.push({ name, record });
    name = parentOf(record);
    if (name !== undefined && out.some((t) => t.name === name)) break;
  }
  return out;
}

async function standing(
  records: QuotaRecords,
  scope: QuotaStanding['scope'],
  where: { name: string; namespace: string; record: KubeObject },
  key: string,
): Promise<QuotaStanding> {
  const limit = limitOf(where.record, key);
  const used = recordedUsage(where.record, key) ?? (await records.count(where.namespace));
  return {
    scope,
    name: where.name,
    ...(limit !== undefined ? { limit, remaining: Math.max(0, limit - used) } : {}),
    used,
  };
}

const describe = (q: QuotaStanding): string =>
  q.scope === 'Organization' ? `organization ${q.name}` : `team ${q.name}`;

function verdict(spec: QuotaReviewSpec, quotas: readonly QuotaStanding[]): QuotaReviewStatus {
  const limited = quotas.filter((q) => q.remaining !== undefined);
  const tightest = limited.reduce<QuotaStanding | undefined>(
    (best, q) => (best === undefined || (q.remaining ?? 0) < (best.remaining ?? 0) ? q : best),
    undefined,
  );
  const org = quotas[0];
  if (!tightest || !org) {
    const used = org?.used ?? 0;
    const reason = `${spec.resource} are not limited in organization ${spec.organization}${spec.team ? ` or team ${spec.team}` : ''}`;
    return { allowed: true, used, reason, quotas: [...quotas] };
  }
  const { limit = 0, used, remaining = 0 } = tightest;
  const allowed = spec.count <= remaining;
  const of = tightest.scope === 'Team' ? ` of team ${tightest.name}` : '';
  const reason = allowed
    ? `${String(spec.count)} more ${spec.resource} fit: ${describe(tightest)} uses ${String(used)} of ${String(limit)}, ${String(remaining)} remaining`
    : `exceeded quota: ${spec.resource}${of}, requested: ${String(spec.count)}, used: ${String(used)}, limited: ${String(limit)}`;
  return { allowed, limit, used, remaining, reason, quotas: [...quotas] };
}

export async function answerQuotaReview(
  records: QuotaRecords,
  spec: QuotaReviewSpec,
): Promise<QuotaReviewStatus> {
  const org = spec.organization;
  const record = await records.organization(org);
  if (!record) throw notFound({ group: 'orgplane.io', resource: 'organizations' }, org);
  const branch = spec.team === undefined ? [] : await teamBranch(records, org, spec.team);
  const quotas = [
    await standing(records, 'Organization', { name: org, namespace: org, record }, spec.resource),
  ];
  for (const t of branch)
    quotas.push(
      await standing(records, 'Team', { ...t, namespace: teamNamespace(org, t.name) }, spec.resource),
    );
  return verdict(spec, quotas);
}
