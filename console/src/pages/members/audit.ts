/**
 * The audit trail as pages of AuditEvent objects: the server keeps them labelled by the hour of the
 * request (audit.orgplane.io/hour, "2026-12-06T15"; apiserver/audit/object-backend.ts) and lists
 * them by name (the audit ID, not in time order), so the console walks the hours from the newest
 * back, a page per hour read with limit/continue (HOUR_PAGE_MAX at most; a busier hour goes on over
 * more pages), each page newest first. Retention is 7 days by default.
 */
import type { AuditEvent } from './types';

export const HOUR_LABEL = 'audit.orgplane.io/hour';
/** events per list request */
export const PAGE_SIZE = 100;
/** events per page: one hour's, unless it has more */
export const HOUR_PAGE_MAX = 500;
export const RETENTION_HOURS = 7 * 24;

/** Where a page starts: an hour, and the continue token inside it. */
export interface Cursor {
  readonly hour: string;
  readonly continue?: string;
}

export interface AuditFilter {
  readonly deniedOnly: boolean;
  readonly user: string;
}

export const hourLabel = (d: Date): string => d.toISOString().slice(0, 13);

export function previousHour(hour: string): string {
  return hourLabel(new Date(Date.parse(`${hour}:00:00Z`) - 3_600_000));
}

/** The field selector of a filter: decision=forbid (authorization's refusals), user=<name>. */
export function auditFieldSelector(f: AuditFilter): string | undefined {
  const parts = [
    ...(f.deniedOnly ? ['decision=forbid'] : []),
    ...(f.user.trim() !== '' ? [`user=${f.user.trim()}`] : []),
  ];
  return parts.length > 0 ? parts.join(',') : undefined;
}

/** Refused: unauthenticated (401) or forbidden (403). */
export function isDenied(e: AuditEvent): boolean {
  const code = e.responseStatus?.code;
  return code === 401 || code === 403;
}

const when = (e: AuditEvent): string => e.requestReceivedTimestamp ?? e.metadata.creationTimestamp ?? '';

export function newestFirst(events: readonly AuditEvent[]): AuditEvent[] {
  return [...events].sort((a, b) => (when(a) < when(b) ? 1 : when(a) > when(b) ? -1 : 0));
}

/** Puts a watched event in: replacing the one of the same request, else at the top. */
export function putLive(events: readonly AuditEvent[], e: AuditEvent): AuditEvent[] {
  const at = events.findIndex((x) => x.metadata.name === e.metadata.name);
  if (at < 0) return [e, ...events];
  return events.map((x, i) => (i === at ? e : x));
}

/** Does an event match the filter (for events arriving on the watch)? */
export function matches(e: AuditEvent, f: AuditFilter): boolean {
  if (f.deniedOnly && e.annotations?.['authorization.k8s.io/decision'] !== 'forbid') return false;
  return f.user.trim() === '' || e.user.username === f.user.trim();
}

/** "resource/name" of the request's object, with namespace and subresource when set. */
export function objectText(e: AuditEvent): string {
  const r = e.objectRef;
  if (!r?.resource) return e.requestURI ?? '';
  const sub = r.subresource ? `/${r.subresource}` : '';
  const name = r.name ? `/${r.name}` : '';
  return `${r.resource}${name}${sub}${r.namespace ? ` in ${r.namespace}` : ''}`;
}
