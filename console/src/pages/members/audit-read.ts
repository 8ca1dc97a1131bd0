/** Reading one page of the audit trail (see audit.ts): an hour's events, older hours when it is empty. */
import { withQuery } from '../../api/paths';
import { request } from '../../api/request';
import type { KubeList } from '../../api/types';
import {
  HOUR_LABEL,
  HOUR_PAGE_MAX,
  PAGE_SIZE,
  RETENTION_HOURS,
  auditFieldSelector,
  hourLabel,
  newestFirst,
  previousHour,
  type AuditFilter,
  type Cursor,
} from './audit';
import type { AuditEvent } from './types';

export interface Loaded {
  readonly items: readonly AuditEvent[];
  readonly hour: string;
  readonly next: Cursor | undefined;
  readonly rv: string;
}

/** One request of the hour's events: up to PAGE_SIZE, from the continue token. */
const readChunk = (path: string, c: Cursor, filter: AuditFilter, signal: AbortSignal) =>
  request<KubeList<AuditEvent>>(
    withQuery(path, {
      labelSelector: `${HOUR_LABEL}=${c.hour}`,
      fieldSelector: auditFieldSelector(filter),
      limit: String(PAGE_SIZE),
      continue: c.continue,
    }),
    { signal },
  );

/**
 * A page: the events of the cursor's hour, read PAGE_SIZE at a time (limit/continue) up to
 * HOUR_PAGE_MAX, so the page is in time order; a busier hour continues on the next page. Empty
 * hours are skipped, back to the retention.
 */
export async function readPage(
  path: string,
  start: Cursor,
  filter: AuditFilter,
  signal: AbortSignal,
): Promise<Loaded> {
  const oldest = hourLabel(new Date(Date.now() - RETENTION_HOURS * 3_600_000));
  let c: Cursor = start;
  for (;;) {
    const items: AuditEvent[] = [];
    let token = c.continue;
    let rv = '';
    do {
      const list = await readChunk(
        path,
        { hour: c.hour, ...(token ? { continue: token } : {}) },
        filter,
        signal,
      );
      items.push(...list.items);
      rv ||= list.metadata.resourceVersion ?? '';
      token = list.metadata.continue;
    } while (token && items.length < HOUR_PAGE_MAX);
    const older = previousHour(c.hour);
    const next = token ? { hour: c.hour, continue: token } : older >= oldest ? { hour: older } : undefined;
    if (items.length > 0 || next === undefined) return { items: newestFirst(items), hour: c.hour, next, rv };
    c = next;
  }
}
