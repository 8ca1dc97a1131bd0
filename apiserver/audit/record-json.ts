/**
 * The JSON text of an audit record, written once however many backends ask for it (the log line,
 * the object backend's size check, truncation, the webhook's batch). Records are not changed once
 * emitted: a backend that needs a different record (truncated, placed) builds a new object.
 */
import type { AuditRecord } from './types.js';

const texts = new WeakMap<AuditRecord, string>();

export function recordJson(record: AuditRecord): string {
  let text = texts.get(record);
  if (text === undefined) {
    text = JSON.stringify(record);
    texts.set(record, text);
  }
  return text;
}
