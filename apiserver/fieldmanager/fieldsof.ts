/** The FieldsV1 an applier of `obj` would own: what kube records for an Apply of that object. */
import type { JSONSchemaProps } from '../../api/crd.js';
import { encodeFields } from './fieldsv1.js';
import { exceedsDepth } from './json.js';
import { isObject, type JsonObject } from '../../api/json.js';
import { rootType } from './schema.js';
import { stripUnowned, trackedView } from './scope.js';
import { toFieldSet } from './tofieldset.js';

export interface FieldsOfOptions {
  /** the kind has a status subresource: the main resource does not own status */
  readonly statusSubresource?: boolean;
  /** 'status' for the status subresource: only status is owned */
  readonly subresource?: string;
}

/**
 * `{"f:spec":{"f:model":{}}}`-style field set of `obj` under `schema`. apiVersion, kind and the
 * server-owned metadata fields are left out; a value that is not an object (or nests too deeply)
 * owns nothing.
 */
export function fieldsOf(
  obj: unknown,
  schema: JSONSchemaProps | undefined,
  options: FieldsOfOptions = {},
): JsonObject {
  if (!isObject(obj) || exceedsDepth(obj)) return {};
  const scope = {
    statusSubresource: options.statusSubresource === true,
    subresource: options.subresource ?? '',
  };
  return encodeFields(stripUnowned(toFieldSet(trackedView(obj, scope), rootType(schema)).set));
}
