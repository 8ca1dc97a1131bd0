/**
 * core/v1 Namespace: created Active with the "kubernetes" finalizer in spec; deleting one only
 * marks it Terminating, and the namespace finalizer (apiserver/lifecycle) empties and removes it.
 */
import type { KubeObject } from '../../api/meta.js';
import type { FieldCause, KindHooks } from '../registry/types.js';

interface NamespaceShape {
  spec?: { finalizers?: string[] };
  status?: { phase?: string; conditions?: unknown[] };
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

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
    ns.status = structuredClone((old as KubeObject & NamespaceShape).status ?? { phase: 'Active' });
    if (old.metadata.deletionTimestamp !== undefined) ns.status.phase = 'Terminating';
    obj.metadata.labels = { ...obj.metadata.labels, 'kubernetes.io/metadata.name': obj.metadata.name ?? '' };
  },
  validate(obj: KubeObject): FieldCause[] {
    const name = obj.metadata.name ?? '';
    if (name === '' || (name.length <= 63 && DNS1123_LABEL.test(name))) return [];
    const detail = `Invalid value: "${name}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`;
    return [
      { field: 'metadata.name', reason: 'FieldValueInvalid', detail, message: `metadata.name: ${detail}` },
    ];
  },
  deleteMode(): 'mark' {
    return 'mark';
  },
};
