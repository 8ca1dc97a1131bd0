/**
 * The field manager as the generic store calls it (registry/types.ts FieldManager): the pure
 * functions of this directory, with the kind's schema, version and clock filled in, and refusals
 * thrown as ApiError (409 apply conflicts, 400 malformed apply configurations or managedFields).
 */
import type { Status } from '../../api/meta.js';
import { apiVersionOf, type ResourceInfo } from '../../api/resource.js';
import type { FieldManager } from '../registry/types.js';
import { ApiError } from '../errors/status.js';
import { apply } from './apply.js';
import { updateManagedFields } from './update.js';

/** The registry's FieldManager contract, implemented here. */
export type FieldManagerService = FieldManager;

const thrown = (s: Status): ApiError =>
  new ApiError(s.code, s.reason ?? 'BadRequest', s.message ?? '', s.details);

/** What both verbs take from the kind besides the objects. */
function kindFacts(res: ResourceInfo, subresource: string, now: () => Date) {
  return {
    subresource,
    apiVersion: apiVersionOf(res),
    schema: res.schema,
    statusSubresource: res.statusSubresource,
    now: now(),
  };
}

export function createFieldManager(now: () => Date): FieldManagerService {
  return {
    update({ res, oldObj, newObj, manager, subresource }) {
      const r = updateManagedFields({ oldObj, newObj, manager, ...kindFacts(res, subresource, now) });
      if (!r.ok) throw thrown(r.status);
      return r.object;
    },
    apply({ res, live, applied, manager, force, subresource }) {
      const r = apply({ live, applied, manager, force, ...kindFacts(res, subresource, now) });
      if (!r.ok) throw thrown(r.status);
      return r.object;
    },
  };
}
