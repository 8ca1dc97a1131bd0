/**
 * The field manager as the generic store calls it (registry/types.ts FieldManager): the pure
 * functions of this directory, with the kind's schema, version and clock filled in, and refusals
 * thrown as ApiError (409 apply conflicts, 400 malformed apply configurations or managedFields).
 */
import type { KubeObject, Status } from '../../api/meta.js';
import { apiVersionOf, type ResourceInfo } from '../../api/resource.js';
import { ApiError } from '../errors/status.js';
import { apply } from './apply.js';
import { updateManagedFields } from './update.js';

export interface FieldManagerService {
  update(args: {
    res: ResourceInfo;
    oldObj: KubeObject | undefined;
    newObj: KubeObject;
    manager: string;
    subresource: string;
  }): KubeObject;
  apply(args: {
    res: ResourceInfo;
    live: KubeObject | undefined;
    applied: KubeObject;
    manager: string;
    force: boolean;
    subresource: string;
  }): KubeObject;
}

const thrown = (s: Status): ApiError =>
  new ApiError(s.code, s.reason ?? 'BadRequest', s.message ?? '', s.details);

export function createFieldManager(now: () => Date): FieldManagerService {
  return {
    update({ res, oldObj, newObj, manager, subresource }) {
      const r = updateManagedFields({
        oldObj,
        newObj,
        manager,
        subresource,
        apiVersion: apiVersionOf(res),
        schema: res.schema,
        statusSubresource: res.statusSubresource,
        now: now(),
      });
      if (!r.ok) throw thrown(r.status);
      return r.object;
    },
    apply({ res, live, applied, manager, force, subresource }) {
      const r = apply({
        live,
        applied,
        manager,
        force,
        subresource,
        apiVersion: apiVersionOf(res),
        schema: res.schema,
        statusSubresource: res.statusSubresource,
        now: now(),
      });
      if (!r.ok) throw thrown(r.status);
      return r.object;
    },
  };
}
