/**
 * QuotaReview (orgplane.io): "may I create N more objects here?", answered from the quota records
 * read through the registry (the watch cache once it has caught up with storage, else storage),
 * never stored. Validation first (422), then who may ask (review-scope.ts), then 404 for a missing
 * Organization or Team.
 */
import { objectOr } from '../../api/json.js';
import type { KubeObject } from '../../api/meta.js';
import type { ResourceInfo } from '../../api/resource.js';
import { quotaKey } from '../admission-plugins/quota.js';
import { isApiError } from '../errors/status.js';
import { answerQuotaReview, validateQuotaReview, type QuotaRecords } from '../kinds/quotareview.js';
import type { Registry } from '../registry/registry.js';
import type { HandlerContext } from './context.js';
import { readObject } from './decode.js';
import { sendReview } from './review-answer.js';
import { authorizeQuotaReview, type ReviewAuthz } from './review-scope.js';

export interface QuotaReviewDeps extends ReviewAuthz {
  readonly registry: Pick<Registry, 'catalog' | 'store'>;
}

/** The resources a quota may name, by quota key, and the names a spec may use for each. */
function quotaResources(deps: QuotaReviewDeps): Map<string, ResourceInfo> {
  const out = new Map<string, ResourceInfo>();
  for (const r of deps.registry.catalog.storedResources()) {
    if (!r.namespaced) continue;
    out.set(quotaKey(r), r);
    out.set(r.group === '' ? r.plural : `${r.plural}.${r.group}`, r);
  }
  return out;
}

/** Reads one orgplane.io object; undefined when absent. */
function reader(deps: QuotaReviewDeps, plural: string) {
  const res = deps.registry.catalog.lookupResource('orgplane.io', plural);
  return async (ns: string, name: string): Promise<KubeObject | undefined> => {
    if (!res) return undefined;
    try {
      return await deps.registry.store(res).get(ns, name);
    } catch (err) {
      if (isApiError(err) && err.status.code === 404) return undefined;
      throw err;
    }
  };
}

function records(deps: QuotaReviewDeps, res: ResourceInfo): QuotaRecords {
  const organization = reader(deps, 'organizations');
  return {
    organization: (name) => organization('', name),
    team: reader(deps, 'teams'),
    count: async (namespace) => {
      let n = 0;
      for (const ns of [namespace, ...deps.rbac.tenancy.tree.descendants(namespace)])
        n += (await deps.registry.store(res).list({ namespace: ns, filter: () => true })).items.length;
      return n;
    },
  };
}

export function quotaReview(deps: QuotaReviewDeps) {
  return async (ctx: HandlerContext): Promise<void> => {
    const obj = await readObject(ctx);
    const raw = objectOr(obj.spec);
    const resources = quotaResources(deps);
    const named = typeof raw.resource === 'string' ? resources.get(raw.resource) : undefined;
    const keys = [...new Set([...resources.values()].map(quotaKey))].sort();
    const spec = validateQuotaReview({ ...raw, ...(named ? { resource: quotaKey(named) } : {}) }, keys);
    await authorizeQuotaReview(deps, ctx.user, spec.organization);
    const status = await answerQuotaReview(
      records(deps, named ?? (resources.get(spec.resource) as ResourceInfo)),
      spec,
    );
    sendReview(ctx, obj, spec, status);
  };
}
