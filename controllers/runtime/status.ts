/**
 * Status writes through the /status subresource as a merge patch of only what changed, guarded
 * by the resourceVersion the new status was computed from (409 when someone wrote meanwhile, so
 * conditions owned by other controllers are never lost).
 */
import type { KubeObject } from '../../api/meta.js';
import type { ApiClient } from './client.js';
import { mergeDiff } from './merge-diff.js';
import type { ResourceType } from './resources.js';

/** Writes status when it differs from obj.status; returns the stored object (or obj, unchanged). */
export async function updateStatus<T extends KubeObject>(
  client: ApiClient,
  res: ResourceType,
  obj: T,
  status: unknown,
): Promise<T> {
  const diff = mergeDiff(obj.status ?? {}, status);
  if (diff === undefined) return obj;
  return client.mergePatch<T>(
    res,
    obj.metadata.name ?? '',
    obj.metadata.namespace,
    { metadata: { resourceVersion: obj.metadata.resourceVersion }, status: diff },
    { subresource: 'status' },
  );
}

/** Sets metadata.finalizers (guarded by resourceVersion); returns the stored object. */
export function setFinalizers<T extends KubeObject>(
  client: ApiClient,
  res: ResourceType,
  obj: T,
  finalizers: readonly string[],
): Promise<T> {
  return client.mergePatch<T>(res, obj.metadata.name ?? '', obj.metadata.namespace, {
    metadata: {
      resourceVersion: obj.metadata.resourceVersion,
      finalizers: finalizers.length > 0 ? finalizers : null,
    },
  });
}
