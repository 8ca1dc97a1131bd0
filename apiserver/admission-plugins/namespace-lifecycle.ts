/**
 * NamespaceLifecycle (kube's admission plugin): namespaced objects are created only in an
 * existing namespace that is not terminating. The namespace's revision joins the create's
 * transaction, so a namespace marked for deletion meanwhile makes the create retry and fail.
 * The namespace is read from the watch cache when it holds it (kube reads an informer): a stale
 * copy only costs a retry, since the compare is on the revision read.
 */
import type { KubeObject } from '../../api/meta.js';
import { ApiError, notFound } from '../errors/status.js';
import { decode } from '../storage/codec.js';
import { NAMESPACES_PREFIX, namespaceKey } from '../registry/keys.js';
import type { KeyValue, Storage } from '../storage/interface.js';
import type { WatchCache } from '../cache/cacher.js';
import { decodeEntry } from '../cache/entry.js';
import type { AdmissionPlugin, Attributes } from '../admission/types.js';

/** The namespace and its revision: from the cache when it holds it, else from storage. */
async function readNamespace(
  storage: Storage,
  cache: WatchCache | undefined,
  key: string,
): Promise<{ ns: KubeObject; rev: number } | undefined> {
  const hit = cache?.resource(NAMESPACES_PREFIX)?.get(key);
  if (hit) return { ns: decodeEntry(hit), rev: hit.rev };
  const kv: KeyValue | undefined = await storage.get(key);
  return kv ? { ns: decode(kv), rev: kv.modRevision } : undefined;
}

export function namespaceLifecycle(storage: Storage, cache?: WatchCache): AdmissionPlugin {
  return {
    name: 'NamespaceLifecycle',
    handles: (a: Attributes) => a.operation === 'CREATE' && a.resource.namespaced && !a.resource.virtual,
    async validate(a: Attributes): Promise<void> {
      const key = namespaceKey(a.namespace);
      const read = await readNamespace(storage, cache, key);
      if (!read) throw notFound({ group: '', resource: 'namespaces' }, a.namespace);
      const { ns, rev } = read;
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
      a.txn.compares.push({ key, target: 'modRevision', op: '=', value: rev });
    },
  };
}
