/**
 * Server-side apply and managedFields, as kube-apiserver keeps them. Pure functions: the registry
 * calls `apply` for apply patches and `updateManagedFields` for every other write.
 */
export { apply, type ApplyOptions, type ApplyResult } from './apply.js';
export { updateManagedFields, type UpdateOptions, type UpdateResult } from './update.js';
export { fieldsOf, type FieldsOfOptions } from './fieldsof.js';
export { conflictMessage, conflictStatus, type Conflict } from './conflicts.js';
export { managerOrUserAgent, managerProblem, MAX_MANAGER_LENGTH } from './manager.js';
export { LAST_APPLIED } from './lastapplied.js';
export { createFieldManager } from './adapter.js';
