/**
 * Pages of the audit trail (see audit.ts): page 0 starts at the current hour and takes new events
 * from a watch at its top; Older goes to the hour before (or the rest of a busy hour); Newer goes
 * back to the page before.
 */
import { useEffect, useState } from 'preact/hooks';
import { AUDIT_EVENTS, resourcePath, withQuery } from '../../api/paths';
import { request } from '../../api/request';
import type { KubeList } from '../../api/types';
import {
  HOUR_LABEL,
  HOUR_PAGE_MAX,
  PAGE_SIZE,
  RETENTION_HOURS,
  auditFieldSelector,
  hourLabel,
  matches,
  newestFirst,
  previousHour,
  putLive,
  type AuditFilter,
  type Cursor,
} from './audit';
import { watchAudit } from './audit-watch';
import type { AuditEvent } from './types';

interface Loaded {
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
async function readPage(
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

export interface AuditPages {
  readonly items: readonly AuditEvent[];
  readonly hour: string | undefined;
  readonly page: number;
  readonly loading: boolean;
  readonly error: unknown;
  readonly older: (() => void) | undefined;
  readonly newer: (() => void) | undefined;
}

export function useAuditPages(org: string, filter: AuditFilter): AuditPages {
  const path = resourcePath(AUDIT_EVENTS, { namespace: org });
  const [cursors, setCursors] = useState<readonly Cursor[]>([]);
  const [loaded, setLoaded] = useState<Loaded | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [epoch, setEpoch] = useState(0);
  const page = cursors.length;
  const start = cursors[page - 1];
  const { deniedOnly, user } = filter;

  useEffect(() => {
    setCursors([]);
  }, [path, deniedOnly, user]);
  useEffect(() => {
    const abort = new AbortController();
    const f = { deniedOnly, user };
    setLoaded(undefined);
    setError(undefined);
    void readPage(path, start ?? { hour: hourLabel(new Date()) }, f, abort.signal).then(
      (l) => {
        if (abort.signal.aborted) return;
        setLoaded(l);
        if (start !== undefined) return;
        void watchAudit({
          path,
          fieldSelector: auditFieldSelector(f),
          from: l.rv,
          signal: abort.signal,
          onEvent: (e) => {
            if (matches(e, f)) setLoaded((cur) => cur && { ...cur, items: putLive(cur.items, e) });
          },
          onGone: () => {
            setEpoch((n) => n + 1);
          },
        });
      },
      (err: unknown) => {
        if (!abort.signal.aborted) setError(err);
      },
    );
    return () => {
      abort.abort();
    };
  }, [path, start, deniedOnly, user, epoch]);

  const next = loaded?.next;
  return {
    items: loaded?.items ?? [],
    hour: loaded?.hour,
    page,
    loading: loaded === undefined && error === undefined,
    error,
    older: next
      ? () => {
          setCursors((c) => [...c, next]);
        }
      : undefined,
    newer:
      page > 0
        ? () => {
            setCursors((c) => c.slice(0, -1));
          }
        : undefined,
  };
}
