/**
 * Field selectors of AuditEvents: who (user.username, alias user), what (verb, objectRef.*, alias
 * resource), outcome (responseStatus.code, decision), stage and level. Time is selected by the
 * labels audit.orgplane.io/date and audit.orgplane.io/hour (set-based: `in (...)`).
 */
import { DECISION_ANNOTATION } from '../../api/auditevent.js';
import type { KubeObject } from '../../api/meta.js';
import { valueAt, type FieldSet } from '../selectors/fieldsets.js';

const path =
  (...p: string[]) =>
  (o: KubeObject): string | undefined =>
    valueAt(o, p);

const FIELDS: Readonly<Record<string, (o: KubeObject) => string | undefined>> = {
  'metadata.name': path('metadata', 'name'),
  'metadata.namespace': path('metadata', 'namespace'),
  auditID: path('auditID'),
  level: path('level'),
  stage: path('stage'),
  verb: path('verb'),
  'user.username': path('user', 'username'),
  user: path('user', 'username'),
  'objectRef.resource': path('objectRef', 'resource'),
  resource: path('objectRef', 'resource'),
  'objectRef.namespace': path('objectRef', 'namespace'),
  'objectRef.name': path('objectRef', 'name'),
  'objectRef.apiGroup': path('objectRef', 'apiGroup'),
  'objectRef.subresource': path('objectRef', 'subresource'),
  'responseStatus.code': path('responseStatus', 'code'),
  code: path('responseStatus', 'code'),
  decision: path('annotations', DECISION_ANNOTATION),
};

export const auditEventFieldSet: FieldSet = {
  supports: (field) => Object.hasOwn(FIELDS, field),
  get: (obj, field) => (Object.hasOwn(FIELDS, field) ? FIELDS[field]?.(obj) : undefined),
};
