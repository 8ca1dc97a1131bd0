/**
 * The audit.k8s.io/v1 Event record every request produces, the request attributes a policy is
 * evaluated against, and the contract of an audit backend (log file, webhook, AuditEvent objects).
 */
import type { AuditLevel, AuditObjectRef, AuditStage } from '../../api/auditevent.js';

export const AUDIT_API_VERSION = 'audit.k8s.io/v1';

export interface AuditUser {
  username: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

/** meta/v1 Status as kube audits it: only the code for successes. */
export interface AuditResponseStatus {
  metadata: Record<string, never>;
  code: number;
  status?: 'Success' | 'Failure';
  reason?: string;
  message?: string;
}

export interface AuditRecord {
  kind: 'Event';
  apiVersion: typeof AUDIT_API_VERSION;
  level: AuditLevel;
  auditID: string;
  stage: AuditStage;
  requestURI: string;
  verb: string;
  user: AuditUser;
  sourceIPs: string[];
  userAgent?: string;
  objectRef?: AuditObjectRef;
  responseStatus?: AuditResponseStatus;
  requestObject?: unknown;
  responseObject?: unknown;
  /** RFC 3339 with microseconds */
  requestReceivedTimestamp: string;
  stageTimestamp: string;
  annotations?: Record<string, string>;
}

/** A destination of audit events. process() may throw: the buffer in front counts the failure. */
export interface AuditBackend {
  /** the metric label of this backend, e.g. "log", "webhook", "objects" */
  readonly name: string;
  process(batch: readonly AuditRecord[]): Promise<void>;
  /** release files and connections; events after it are not processed */
  shutdown?(): Promise<void>;
}

/** Thrown by a backend that recorded part of a batch: `failed` events were not recorded. */
export class AuditBatchError extends Error {
  override readonly name = 'AuditBatchError';

  constructor(
    readonly failed: number,
    override readonly cause: unknown,
  ) {
    super(
      `${String(failed)} audit events not recorded: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
  }
}
