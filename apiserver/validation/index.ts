/**
 * Field errors and ObjectMeta validation with apimachinery's wording, and the 422 Invalid answer
 * built from them. Pure functions, no I/O.
 */
export * from './field.js';
export { validateObjectMeta, validateAnnotations, validateLabels, type ObjectMetaRules } from './meta.js';
export { validateFinalizers, validateManagedFields, validateOwnerReferences } from './meta-refs.js';
export { validateObjectMetaUpdate } from './meta-update.js';
export * from './names.js';
export { aggregateMessage, formatInvalid, groupKindString, toStatusCauses } from './status.js';
