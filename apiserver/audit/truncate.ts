/**
 * kube's truncate plugin: an event too large for its backend keeps its metadata but loses the
 * request and response objects, and says so in an annotation.
 */
import type { AuditRecord } from './types.js';
import { recordJson } from './record-json.js';

export const TRUNCATED_ANNOTATION = 'audit.k8s.io/truncated';

export function truncateRecord(record: AuditRecord, maxBytes: number): AuditRecord {
  if (record.requestObject === undefined && record.responseObject === undefined) return record;
  if (Buffer.byteLength(recordJson(record)) <= maxBytes) return record;
  const { requestObject: _req, responseObject: _resp, ...rest } = record;
  return { ...rest, annotations: { ...record.annotations, [TRUNCATED_ANNOTATION]: 'true' } };
}
