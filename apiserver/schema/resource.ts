/**
 * Whole-object validation in the order kube-apiserver's custom resource strategy runs it:
 * ObjectMeta (create rules, or update rules against the stored object), then the schema, then
 * embedded resources and list-type uniqueness (both inside validateSchema).
 */
import { getOwn } from '../../api/json.js';
import { validateObjectMeta } from '../validation/meta.js';
import { validateObjectMetaUpdate } from '../validation/meta-update.js';
import type { NameRule } from '../validation/names.js';
import type { FieldError, Schema } from './types.js';
import { validateSchema } from './validate.js';

export interface ResourceRules {
  /** the kind's structural schema; undefined accepts any content */
  readonly schema: Schema | undefined;
  readonly namespaced: boolean;
  /** metadata.name format; default 'subdomain' ('label' for namespaces) */
  readonly nameRule?: NameRule;
}

/** Every error of `obj` on create (no `old`) or update (the stored `old`). Never throws. */
export function validateResource(obj: unknown, rules: ResourceRules, old?: unknown): FieldError[] {
  const meta = getOwn(obj, 'metadata');
  const metaErrs =
    old === undefined
      ? validateObjectMeta(meta, { namespaced: rules.namespaced, nameRule: rules.nameRule ?? 'subdomain' })
      : validateObjectMetaUpdate(meta, getOwn(old, 'metadata'));
  return [...metaErrs, ...validateSchema(obj, rules.schema)];
}
