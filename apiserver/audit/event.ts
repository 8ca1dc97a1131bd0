/**
 * Building one audit.k8s.io/v1 Event from what was learnt about a request: pure functions, so the
 * middleware only gathers facts and the record's shape is tested on its own.
 */
import {
  DECISION_ANNOTATION,
  type AuditLevel,
  type AuditObjectRef,
  type AuditStage,
} from '../../api/auditevent.js';
import { rfc3339Micro } from '../../api/time.js';
import type { UserInfo } from '../../api/user.js';
import type { AuthzResult } from '../authz/types.js';
import { levelAtLeast } from './policy-checker.js';
import { AUDIT_API_VERSION, type AuditRecord, type AuditResponseStatus, type AuditUser } from './types.js';

export const REASON_ANNOTATION = 'authorization.k8s.io/reason';

/** Who an unauthenticated request is audited as. */
export const ANONYMOUS: UserInfo = { username: 'system:anonymous', groups: ['system:unauthenticated'] };

/** Facts known when the request arrives. */
export interface RequestFacts {
  readonly auditID: string;
  readonly requestURI: string;
  readonly verb: string;
  readonly objectRef: AuditObjectRef | undefined;
  readonly sourceIPs: readonly string[];
  readonly userAgent: string | undefined;
  readonly receivedAt: number;
}

/** Facts known when a stage is reached. */
export interface StageFacts {
  readonly stage: AuditStage;
  readonly level: AuditLevel;
  readonly at: number;
  readonly user: UserInfo | undefined;
  readonly decision: AuthzResult | undefined;
  readonly code: number;
  /** the Status of a failed request, when its body was one */
  readonly failure?: { readonly reason?: string; readonly message?: string };
  /** fields of the object the response named (a create's generated name) */
  readonly responseRef?: Pick<AuditObjectRef, 'name' | 'namespace' | 'uid' | 'resourceVersion'>;
  readonly requestObject?: unknown;
  readonly responseObject?: unknown;
}

function auditUser(u: UserInfo): AuditUser {
  const out: AuditUser = { username: u.username };
  if (u.uid !== undefined && u.uid !== '') out.uid = u.uid;
  if (u.groups.length > 0) out.groups = [...u.groups];
  if (u.extra && Object.keys(u.extra).length > 0)
    out.extra = Object.fromEntries(Object.entries(u.extra).map(([k, v]) => [k, [...v]]));
  return out;
}

function responseStatus(s: StageFacts): AuditResponseStatus {
  if (s.code < 400) return { metadata: {}, code: s.code };
  return {
    metadata: {},
    status: 'Failure',
    ...(s.failure?.message !== undefined ? { message: s.failure.message } : {}),
    ...(s.failure?.reason !== undefined ? { reason: s.failure.reason } : {}),
    code: s.code,
  };
}

function objectRef(r: RequestFacts, s: StageFacts): AuditObjectRef | undefined {
  if (!r.objectRef) return undefined;
  const ref: AuditObjectRef = { ...r.objectRef };
  const from = s.responseRef;
  if (from && r.objectRef.subresource === undefined) {
    if (ref.name === undefined && from.name !== undefined) ref.name = from.name;
    if (ref.namespace === undefined && from.namespace !== undefined) ref.namespace = from.namespace;
    if (from.uid !== undefined) ref.uid = from.uid;
    if (from.resourceVersion !== undefined) ref.resourceVersion = from.resourceVersion;
  }
  return ref;
}

export function buildRecord(r: RequestFacts, s: StageFacts): AuditRecord {
  const annotations: Record<string, string> = {};
  if (s.decision) {
    annotations[DECISION_ANNOTATION] = s.decision.decision === 'allow' ? 'allow' : 'forbid';
    if (s.decision.reason !== '') annotations[REASON_ANNOTATION] = s.decision.reason;
  }
  const ref = objectRef(r, s);
  const record: AuditRecord = {
    kind: 'Event',
    apiVersion: AUDIT_API_VERSION,
    level: s.level,
    auditID: r.auditID,
    stage: s.stage,
    requestURI: r.requestURI,
    verb: r.verb,
    user: auditUser(s.user ?? ANONYMOUS),
    sourceIPs: [...r.sourceIPs],
    ...(r.userAgent !== undefined ? { userAgent: r.userAgent } : {}),
    ...(ref ? { objectRef: ref } : {}),
    ...(s.stage !== 'RequestReceived' ? { responseStatus: responseStatus(s) } : {}),
    requestReceivedTimestamp: rfc3339Micro(r.receivedAt),
    stageTimestamp: rfc3339Micro(s.at),
    ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
  };
  if (levelAtLeast(s.level, 'Request') && s.requestObject !== undefined)
    record.requestObject = s.requestObject;
  if (levelAtLeast(s.level, 'RequestResponse') && s.responseObject !== undefined)
    record.responseObject = s.responseObject;
  return record;
}
