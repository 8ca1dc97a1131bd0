/**
 * orgplane.io/v1alpha1 AuditEvent: the audit trail as objects, written only by the API server's
 * audit backend (apiserver/audit/object-backend.ts, which bypasses admission): every create,
 * update or patch arriving through the API is refused (405), dry runs included; deletes stay
 * allowed so namespace deletion and garbage collection can remove them. Selected by who, what and
 * outcome (auditevent-fields.ts); kept when its namespace is deleted, so a deleted organization's
 * trail stays until retention ends.
 */
import type { AdmissionPlugin, Attributes } from '../admission/types.js';
import { ApiError } from '../errors/status.js';
import type { KindStrategy } from '../registry/types.js';
import { auditEventFieldSet } from './auditevent-fields.js';

export const AUDIT_EVENT_READ_ONLY = 'AuditEventReadOnly';

export function auditEventReadOnly(): AdmissionPlugin {
  return {
    name: AUDIT_EVENT_READ_ONLY,
    handles: (a: Attributes) =>
      a.resource.group === 'orgplane.io' && a.resource.plural === 'auditevents' && a.operation !== 'DELETE',
    admit(a: Attributes): void {
      const verb = a.operation === 'CREATE' ? 'create' : 'update';
      throw new ApiError(
        405,
        'MethodNotAllowed',
        `${verb} is not supported on resources of kind "auditevents.orgplane.io": AuditEvents are read-only; the API server's audit trail writes them`,
        { name: a.name, group: 'orgplane.io', kind: 'auditevents' },
      );
    },
  };
}

export const auditEventStrategy: KindStrategy = {
  fields: auditEventFieldSet,
  outlivesNamespace: true,
  admission: [auditEventReadOnly()],
};
