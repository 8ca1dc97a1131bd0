/**
 * NamespaceLifecycle (kube's admission plugin): namespaced objects are created only in an
 * existing namespace that is not terminating. The namespace's revision joins the create's
 * transaction, so a namespace marked for deletion meanwhile makes the create retry and fail.
 */
import { ApiError, notFound } from '../errors/status.js';
import { txnCompareOf, type InternalStore } from '../registry/internal.js';
import { NAMESPACES } from '../registry/keys.js';
import type { AdmissionPlugin, Attributes } from '../admission/types.js';

/** `internal`: reads the namespace as stored now (not the watch cache's view), for the guard. */
export function namespaceLifecycle(internal: Pick<InternalStore, 'incarnation'>): AdmissionPlugin {
  return {
    name: 'NamespaceLifecycle',
    handles: (a: Attributes) => a.operation === 'CREATE' && a.resource.namespaced && !a.resource.virtual,
    async validate(a: Attributes): Promise<void> {
      const found = await internal.incarnation(NAMESPACES, '', a.namespace);
      if (!found) throw notFound({ group: '', resource: 'namespaces' }, a.namespace);
      if (found.object.metadata.deletionTimestamp !== undefined) {
        throw new ApiError(
          403,
          'Forbidden',
          `${a.resource.plural}${a.resource.group ? '.' + a.resource.group : ''} "${a.name}" is forbidden: unable to create new content in namespace ${a.namespace} because it is being terminated`,
          {
            name: a.name,
            group: a.resource.group,
            kind: a.resource.plural,
            causes: [
              {
                reason: 'NamespaceTerminating',
                message: `namespace ${a.namespace} is being terminated`,
                field: 'metadata.namespace',
              },
            ],
          },
        );
      }
      a.txn.compares.push(txnCompareOf(found.unchanged));
    },
  };
}
