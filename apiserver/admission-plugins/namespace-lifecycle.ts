/**
 * NamespaceLifecycle (kube's admission plugin): namespaced objects are created only in an
 * existing namespace that is not terminating. The namespace's revision joins the create's
 * transaction, so a namespace marked for deletion meanwhile makes the create retry and fail.
 */
import type { KubeObject } from '../../api/meta.js';
import { ApiError, notFound } from '../errors/status.js';
import { decode } from '../storage/codec.js';
import { namespaceKey } from '../registry/keys.js';
import type { Storage } from '../storage/interface.js';
import type { AdmissionPlugin, Attributes } from '../admission/types.js';

export function namespaceLifecycle(storage: Storage): AdmissionPlugin {
  return {
    name: 'NamespaceLifecycle',
    handles: (a: Attributes) => a.operation === 'CREATE' && a.resource.namespaced && !a.resource.virtual,
    async validate(a: Attributes): Promise<void> {
      const key = namespaceKey(a.namespace);
      const kv = await storage.get(key);
      if (!kv) throw notFound({ group: '', resource: 'namespaces' }, a.namespace);
      const ns: KubeObject = decode(kv);
      if (ns.metadata.deletionTimestamp !== undefined) {
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
      a.txn.compares.push({ key, target: 'modRevision', op: '=', value: kv.modRevision });
    },
  };
}
