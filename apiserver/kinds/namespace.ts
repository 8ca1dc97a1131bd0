/**
 * core/v1 Namespace: created Active with the "kubernetes" finalizer in spec; deleting one while a
 * spec finalizer remains only marks it Terminating. The namespace finalizer (apiserver/lifecycle)
 * empties it and removes the "kubernetes" finalizer with an update of the `finalize` subresource
 * (kube's namespaces/finalize, served to the server's own loops only); the write that leaves no
 * spec and no metadata finalizer on a terminating namespace deletes it (registry/write.ts).
 * Its name is a DNS-1123 label; it is selected by metadata.name and status.phase.
 */
import type { KubeObject } from '../../api/meta.js';
import type { KindStrategy } from '../registry/types.js';
import { namespaceFieldSet } from '../selectors/fieldsets.js';

interface NamespaceShape {
  spec?: { finalizers?: string[] };
  status?: { phase?: string; conditions?: unknown[] };
}

export const namespaceStrategy: KindStrategy = {
  nameRule: 'label',
  fields: namespaceFieldSet,
  prepareForCreate(obj: KubeObject): void {
    const ns = obj as KubeObject & NamespaceShape;
    const finalizers = ns.spec?.finalizers ?? [];
    ns.spec = {
      ...ns.spec,
      finalizers: finalizers.includes('kubernetes') ? finalizers : [...finalizers, 'kubernetes'],
    };
    ns.status = { phase: 'Active' };
    obj.metadata.labels = { ...obj.metadata.labels, 'kubernetes.io/metadata.name': obj.metadata.name ?? '' };
  },
  prepareForUpdate(obj: KubeObject, old: KubeObject, subresource = ''): void {
    const ns = obj as KubeObject & NamespaceShape;
    const before = old as KubeObject & NamespaceShape;
    // spec.finalizers change only through the finalize subresource (kube's namespaces/finalize)
    if (subresource !== 'finalize')
      ns.spec = { ...ns.spec, finalizers: [...(before.spec?.finalizers ?? [])] };
    ns.status = structuredClone(before.status ?? { phase: 'Active' });
    if (old.metadata.deletionTimestamp !== undefined) ns.status.phase = 'Terminating';
    obj.metadata.labels = { ...obj.metadata.labels, 'kubernetes.io/metadata.name': obj.metadata.name ?? '' };
  },
  /** kube's namespace strategy: a namespace with spec finalizers is marked, one without goes at once */
  deleteMode(obj: KubeObject): 'mark' | 'delete' {
    return ((obj as KubeObject & NamespaceShape).spec?.finalizers ?? []).length > 0 ? 'mark' : 'delete';
  },
};
