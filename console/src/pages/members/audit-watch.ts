/**
 * New AuditEvents as they are written: a watch from the resourceVersion of the first page's list,
 * resumed from the last event (bookmarks included) when the server ends it, backed off after a
 * failure; a 410 (too old to resume) calls onGone so the page is read again. Stops on abort.
 */
import { ApiRequestError } from '../../api/errors';
import { withQuery } from '../../api/paths';
import { apiFetch } from '../../api/request';
import type { WatchEvent } from '../../api/types';
import { nextBackoff, splitLines } from '../../api/watch-lines';
import type { AuditEvent } from './types';

export interface AuditWatch {
  readonly path: string;
  readonly fieldSelector: string | undefined;
  readonly from: string;
  readonly signal: AbortSignal;
  readonly onEvent: (e: AuditEvent) => void;
  readonly onGone: () => void;
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });

/** One watch; the resourceVersion to resume from, or undefined after a 410. */
async function once(w: AuditWatch, from: string): Promise<string | undefined> {
  const url = withQuery(w.path, {
    watch: '1',
    allowWatchBookmarks: 'true',
    resourceVersion: from,
    timeoutSeconds: '300',
    fieldSelector: w.fieldSelector,
  });
  const resp = await apiFetch(url, { signal: w.signal });
  const reader = resp.body?.pipeThrough(new TextDecoderStream()).getReader();
  let rv = from;
  let buffer = '';
  for (;;) {
    if (!reader) return rv;
    const { done, value } = await reader.read();
    if (done) return rv;
    const { lines, rest } = splitLines(buffer + value);
    buffer = rest;
    for (const line of lines) {
      const e = JSON.parse(line) as WatchEvent<AuditEvent>;
      if (e.type === 'ERROR') {
        if (e.object.code === 410) return undefined;
        throw new ApiRequestError(e.object);
      }
      rv = e.object.metadata.resourceVersion ?? rv;
      if (e.type === 'ADDED' || e.type === 'MODIFIED') w.onEvent(e.object);
    }
  }
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
