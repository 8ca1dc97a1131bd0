/**
 * orgplane.io/v1alpha1 AuditEvent: the audit trail as objects, written only by the API server's
 * audit backend (apiserver/audit/object-backend.ts). Selected by who, what and outcome
 * (auditevent-fields.ts); kept when its namespace is deleted, so a deleted organization's trail
 * stays until retention ends.
 */
import type { KindStrategy } from '../registry/types.js';
import { auditEventFieldSet } from './auditevent-fields.js';

export const auditEventStrategy: KindStrategy = {
  fields: auditEventFieldSet,
  outlivesNamespace: true,
};
