/**
 * Patch types per kind, as kube serves them: custom kinds take json-patch, merge-patch and
 * apply-patch; built-ins also strategic-merge-patch (applied with merge semantics). Everything
 * else is 415.
 */
import type { KubeObject } from '../../api/meta.js';
import type { ResourceInfo } from '../../api/resource.js';
import { badRequest, unsupportedMediaType } from '../errors/status.js';
import { jsonPatch, mergePatch, strategicMergePatchAsMerge } from '../patch/index.js';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

const MEDIA: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
  'application/apply-patch+cbor': 'apply',
};

export function patchTypeOf(media: string, res: ResourceInfo): PatchType {
  const type = MEDIA[media];
  const accepted = [
    'application/json-patch+json',
    'application/merge-patch+json',
    'application/apply-patch+yaml',
    ...(res.strategicMergePatch ? ['application/strategic-merge-patch+json'] : []),
  ];
  if (type === undefined || (type === 'strategic' && !res.strategicMergePatch) || media.endsWith('+cbor'))
    throw unsupportedMediaType(media, accepted);
  return type;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function asKubeObject(v: unknown, what: string): KubeObject {
  if (!isRecord(v)) throw badRequest(`${what} must be a JSON object`);
  const metadata = v.metadata ?? {};
  if (!isRecord(metadata)) throw badRequest('metadata must be an object');
  const apiVersion = typeof v.apiVersion === 'string' ? v.apiVersion : '';
  const kind = typeof v.kind === 'string' ? v.kind : '';
  return { ...v, apiVersion, kind, metadata };
}

/** The patched object; `current` is undefined only for apply (the applied config itself). */
export function applyPatch(type: PatchType, current: KubeObject | undefined, patch: unknown): KubeObject {
  switch (type) {
    case 'apply':
      return asKubeObject(patch, 'an apply configuration');
    case 'merge':
      if (!isRecord(patch)) throw badRequest('a merge patch must be a JSON object');
      return asKubeObject(mergePatch(current ?? {}, patch), 'the patched object');
    case 'strategic':
      if (!isRecord(patch)) throw badRequest('a strategic merge patch must be a JSON object');
      return asKubeObject(strategicMergePatchAsMerge(current ?? {}, patch), 'the patched object');
    case 'json':
      if (!Array.isArray(patch)) throw badRequest('a json patch must be a JSON array of operations');
      return asKubeObject(jsonPatch(current ?? {}, patch), 'the patched object');
  }
}
