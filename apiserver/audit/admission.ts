/**
 * AuditEvents are read-only through the API: the audit writer stores them directly in storage, so
 * every create, update or patch arriving through admission is refused (405), dry runs included.
 * Deletes stay allowed so namespace deletion and garbage collection can remove them.
 */
import type { AdmissionPlugin, Attributes } from '../admission/types.js';
import { ApiError } from '../errors/status.js';

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
