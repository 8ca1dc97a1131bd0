/**
 * AccessReview and WhoCanReview (orgplane.io): effective permissions answered from the
 * authorizer's in-memory RBAC index (authz/effective-access.ts, authz/who-can.ts), never stored
 * and never a storage read. Who may ask what: review-scope.ts.
 */
import { objectOr } from '../../api/json.js';
import type { ResourceInfo } from '../../api/resource.js';
import type { UserInfo } from '../../api/user.js';
import { accessOf } from '../authz/effective-access.js';
import type { ResourceKey } from '../authz/grants.js';
import { whoCan } from '../authz/who-can.js';
import { invalid as invalidObject } from '../errors/status.js';
import type { ResourceCatalog } from '../registry/catalog.js';
import { child, invalid, required, type FieldError } from '../validation/field.js';
import type { HandlerContext } from './context.js';
import { readObject } from './decode.js';
import { sendReview } from './review-answer.js';
import { accessReviewScope, authorizeBindingReview, type ReviewAuthz } from './review-scope.js';

export interface AccessReviewDeps extends ReviewAuthz {
  readonly catalog: Pick<ResourceCatalog, 'all'>;
}

/** The groups a global ServiceAccount's token carries. */
export const SERVICE_ACCOUNT_GROUPS = ['orgplane:serviceaccounts', 'system:authenticated'];

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strings = (v: unknown): string[] | undefined =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;

function check(kind: string, errs: FieldError[]): void {
  if (errs.length > 0) throw invalidObject({ group: 'orgplane.io', kind }, '', errs);
}

/** One entry per group/resource served, virtual kinds included. */
function served(catalog: AccessReviewDeps['catalog']): ResourceInfo[] {
  const seen = new Map<string, ResourceInfo>();
  for (const r of catalog.all())
    if (!seen.has(`${r.group}/${r.plural}`)) seen.set(`${r.group}/${r.plural}`, r);
  return [...seen.values()];
}

/** The resources a permission may name in a namespace: its objects, the namespace, its Organization. */
function resourcesIn(deps: AccessReviewDeps): (ns: string) => ResourceKey[] {
  const all = served(deps.catalog);
  const key = (r: ResourceInfo): ResourceKey => ({ group: r.group, resource: r.plural });
  const everywhere = all.map(key);
  const namespaced = all.filter((r) => r.namespaced && !r.virtual).map(key);
  namespaced.push({ group: '', resource: 'namespaces' });
  const org = [...namespaced, { group: 'orgplane.io', resource: 'organizations' }];
  return (ns) => {
    if (ns === '') return everywhere;
    return deps.rbac.tenancy.tree.isOrganizationRoot(ns) ? org : namespaced;
  };
}

export function accessReview(deps: AccessReviewDeps) {
  const resources = resourcesIn(deps);
  return async (ctx: HandlerContext): Promise<void> => {
    const obj = await readObject(ctx);
    const raw = objectOr(obj.spec);
    const name = str(raw.user);
    const groups = strings(raw.groups);
    check('AccessReview', name === '' ? [required(child('spec', 'user'))] : []);
    const self = name === ctx.user.username && groups === undefined;
    const subject: UserInfo = self ? ctx.user : { username: name, groups: groups ?? SERVICE_ACCOUNT_GROUPS };
    const visible = self ? undefined : accessReviewScope(deps, ctx.user, name);
    const status = accessOf(deps.rbac.resolver, subject, {
      resourcesIn: resources,
      ...(visible ? { visible: (ns: string) => visible.has(ns) } : {}),
    });
    sendReview(ctx, obj, { user: name, groups: [...subject.groups] }, status);
  };
}

/** A resource as a user names it: plural, plural.group, singular, kind or short name. */
function resolveResource(catalog: AccessReviewDeps['catalog'], text: string): ResourceInfo | undefined {
  const t = text.toLowerCase();
  const names = (r: ResourceInfo): string[] => [
    r.plural,
    `${r.plural}.${r.group}`,
    r.singular,
    r.kind.toLowerCase(),
    ...r.shortNames,
  ];
  const all = served(catalog);
  return all.find((r) => !r.virtual && names(r).includes(t)) ?? all.find((r) => names(r).includes(t));
}

export function whoCanReview(deps: AccessReviewDeps) {
  return async (ctx: HandlerContext): Promise<void> => {
    const obj = await readObject(ctx);
    const raw = objectOr(obj.spec);
    const [verb, resource, namespace] = [str(raw.verb), str(raw.resource), str(raw.namespace)];
    const errs: FieldError[] = [];
    if (verb === '') errs.push(required(child('spec', 'verb')));
    if (namespace === '') errs.push(required(child('spec', 'namespace')));
    const res = resource === '' ? undefined : resolveResource(deps.catalog, resource);
    if (resource === '') errs.push(required(child('spec', 'resource')));
    else if (!res)
      errs.push(invalid(child('spec', 'resource'), resource, 'the server does not serve this resource'));
    check('WhoCanReview', errs);
    if (!res) return;
    const isOrganization = res.group === 'orgplane.io' && res.plural === 'organizations';
    await authorizeBindingReview(deps, ctx.user, res.namespaced || isOrganization ? namespace : '');
    const request = {
      verb,
      group: res.group,
      resource: res.plural,
      subresource: str(raw.subresource),
      namespace: res.namespaced ? namespace : '',
      name: isOrganization && str(raw.name) === '' ? namespace : str(raw.name),
    };
    sendReview(ctx, obj, raw, whoCan(deps.rbac.resolver, request));
  };
}
