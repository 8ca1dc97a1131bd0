/**
 * New AuditEvents as they are written: a watch from the resourceVersion of the first page's list,
 * resumed from the last event (bookmarks included) when the server ends it, backed off after a
 * failure; a 410 (too old to resume) calls onGone so the page is read again. Stops on abort.
 */
import { ApiRequestError } from '../../api/errors';
import { sleep, watchOnce } from '../../api/watch';
import { nextBackoff } from '../../api/watch-lines';
import type { AuditEvent } from './types';

export interface AuditWatch {
  readonly path: string;
  readonly fieldSelector: string | undefined;
  readonly from: string;
  readonly signal: AbortSignal;
  readonly onEvent: (e: AuditEvent) => void;
  readonly onGone: () => void;
}

/** One watch; the resourceVersion to resume from, or undefined after a 410. */
function once(w: AuditWatch, from: string): Promise<string | undefined> {
  const query = w.fieldSelector === undefined ? {} : { fieldSelector: w.fieldSelector };
  return watchOnce<AuditEvent>(
    w.path,
    from,
    (e) => {
      if (e.type === 'ADDED' || e.type === 'MODIFIED') w.onEvent(e.object);
    },
    { query, signal: w.signal },
  );
}

export async function watchAudit(w: AuditWatch): Promise<void> {
  let rv = w.from;
  let backoff = 0;
  const stopped = (): boolean => w.signal.aborted;
  while (!stopped()) {
    const started = Date.now();
    try {
      const next = await once(w, rv);
      if (next === undefined) {
        w.onGone();
        return;
      }
      rv = next;
      if (Date.now() - started < 1000) await sleep((backoff = nextBackoff(backoff)), w.signal);
      else backoff = 0;
    } catch (err) {
      if (stopped()) return;
      if (err instanceof ApiRequestError && [401, 403, 404].includes(err.code)) return;
      await sleep((backoff = nextBackoff(backoff)), w.signal);
    }
  }
}
