/**
 * core/v1 Namespace: created Active with the "kubernetes" finalizer in spec; deleting one only
 * marks it Terminating, and the namespace finalizer (apiserver/lifecycle) empties and removes it.
 * Its name is checked as a DNS-1123 label by the generic validator (server/services.ts nameRule).
 */
import type { KubeObject } from '../../api/meta.js';
import type { KindHooks } from '../registry/types.js';

interface NamespaceShape {
  spec?: { finalizers?: string[] };
  status?: { phase?: string; conditions?: unknown[] };
}

export const namespaceHooks: KindHooks = {
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
  prepareForUpdate(obj: KubeObject, old: KubeObject): void {
    const ns = obj as KubeObject & NamespaceShape;
    const before = old as KubeObject & NamespaceShape;
    // spec.finalizers change only through the namespace controller (kube's /finalize), never by update
    ns.spec = { ...ns.spec, finalizers: [...(before.spec?.finalizers ?? [])] };
    ns.status = structuredClone(before.status ?? { phase: 'Active' });
    if (old.metadata.deletionTimestamp !== undefined) ns.status.phase = 'Terminating';
    obj.metadata.labels = { ...obj.metadata.labels, 'kubernetes.io/metadata.name': obj.metadata.name ?? '' };
  },
  deleteMode(): 'mark' {
    return 'mark';
  },
};
