/**
 * Kube-exact handling of objects against their kind's structural schema: pruning unknown fields,
 * defaulting, validation, and what to answer about unknown fields. Pure functions, no I/O.
 */
export { applyDefaults } from './defaults.js';
export { pruneUnknown } from './prune.js';
export { pruneObjectMeta } from './prune-meta.js';
export type { FieldError, FieldErrorType, FieldValidation, Schema } from './types.js';
export {
  strictDecodingMessage,
  unknownFieldText,
  unknownFieldsOutcome,
  warningHeaderValues,
  type UnknownFieldsOutcome,
} from './unknown-fields.js';
export { validateResource, type ResourceRules } from './resource.js';
export { validateSchema } from './validate.js';
