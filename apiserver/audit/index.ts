/**
 * The audit trail (audit.k8s.io/v1 Events from an audit policy, to a rotated JSON-lines log, an
 * optional webhook and AuditEvent objects): what the composition root and cmd/ wire.
 */
export { createAuditor, type Auditor, type AuditorOptions } from './auditor.js';
export { auditFlagOptions, auditOptionsFromFlags, parseDurationSeconds, type AuditFlags } from './flags.js';
export { ensureSystemNamespace, SYSTEM_NAMESPACE } from './placement.js';
export { PolicyError } from './policy.js';
export type { AuditRecord } from './types.js';
