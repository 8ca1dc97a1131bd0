/**
 * PATCH bodies: JSON patch (RFC 6902), JSON merge patch (RFC 7386) and strategic merge patch
 * applied as a merge patch; an apply configuration is only shaped into an object here (field
 * ownership merges it). Every function throws only PatchError, whose code and reason are the
 * Status to answer with.
 */
import type { KubeObject } from '../../api/meta.js';
import { badRequest, unprocessable } from './errors.js';
import { type JsonObject, isObject } from '../../api/json.js';
import { type JsonPatchOptions, jsonPatch } from './json-patch.js';
import { mergePatch } from './merge.js';
import { type StrategicMergeOptions, strategicMergePatchAsMerge } from './strategic.js';
import type { PatchType } from './type.js';

export { PatchError, type PatchErrorCode } from './errors.js';
export {
  DEFAULT_MAX_COPY_BYTES,
  DEFAULT_MAX_OPERATIONS,
  type JsonPatchOptions,
  jsonPatch,
} from './json-patch.js';
export { mergePatch } from './merge.js';
export {
  OBJECT_META_MERGE_LISTS,
  type StrategicMergeOptions,
  strategicMergePatchAsMerge,
} from './strategic.js';
export {
  PATCH_CONTENT_TYPES,
  type PatchType,
  acceptedPatchTypes,
  parsePatchType,
  patchTypeFor,
  unsupportedPatchType,
} from './type.js';

export type ApplyPatchOptions = JsonPatchOptions & StrategicMergeOptions;

/**
 * Applies a parsed patch body of the given type to an object, as kube's PATCH handler does, and
 * checks the result is still a JSON object. A merge patch that is not a JSON object is a 400
 * (`Invalid JSON Patch`, as kube says).
 */
export function applyPatch(
  type: Exclude<PatchType, 'apply'>,
  target: JsonObject,
  patch: unknown,
  options: ApplyPatchOptions = {},
): JsonObject {
  let result: unknown;
  switch (type) {
    case 'json':
      result = jsonPatch(target, patch, options);
      break;
    case 'merge':
      if (!isObject(patch)) throw badRequest('Invalid JSON Patch');
      result = mergePatch(target, patch);
      break;
    case 'strategic':
      result = strategicMergePatchAsMerge(target, patch, options);
      break;
  }
  if (!isObject(result)) throw unprocessable('the patched object is not a JSON object');
  return result;
}

/** A patched object or apply configuration as a KubeObject: apiVersion and kind '' when absent. */
function asKubeObject(v: unknown, what: string): KubeObject {
  if (!isObject(v)) throw badRequest(`${what} must be a JSON object`);
  const metadata = v['metadata'] ?? {};
  if (!isObject(metadata)) throw badRequest('metadata must be an object');
  const apiVersion = typeof v['apiVersion'] === 'string' ? v['apiVersion'] : '';
  const kind = typeof v['kind'] === 'string' ? v['kind'] : '';
  return { ...v, apiVersion, kind, metadata };
}

/** `current` with a PATCH body of a non-apply type applied. */
export function patchObject(
  type: Exclude<PatchType, 'apply'>,
  current: KubeObject,
  patch: unknown,
  options: ApplyPatchOptions = {},
): KubeObject {
  return asKubeObject(applyPatch(type, current, patch, options), 'the patched object');
}

/** The body of an apply patch as an object (the applied configuration). */
export function applyConfiguration(patch: unknown): KubeObject {
  return asKubeObject(patch, 'an apply configuration');
}
