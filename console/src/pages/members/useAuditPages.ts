/**
 * Pages of the audit trail (see audit.ts): page 0 starts at the current hour and takes new events
 * from a watch at its top; Older goes to the hour before (or the rest of a busy hour); Newer goes
 * back to the page before.
 */
import { useEffect, useState } from 'preact/hooks';
import { AUDIT_EVENTS, resourcePath } from '../../api/paths';
import { auditFieldSelector, hourLabel, matches, putLive, type AuditFilter, type Cursor } from './audit';
import { readPage, type Loaded } from './audit-read';
import { watchAudit } from './audit-watch';
import type { AuditEvent } from './types';

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
