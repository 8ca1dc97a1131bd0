/**
 * One list-then-watch loop (client-go's reflector): list, watch from the list's resourceVersion
 * with bookmarks, fold every event in, resume after a watch ends, re-list after a 410, and back off
 * (1 s doubling to 30 s) after a failure or a watch that ended at once; pause while the page is
 * hidden (visibility.ts). Stops when `signal` aborts. No polling.
 */
import { foldEvent, resumeVersion, sortObjects } from './fold';
import { ApiRequestError } from './errors';
import { apiFetch, request } from './request';
import { withQuery } from './paths';
import type { KubeList, KubeObject, WatchEvent } from './types';
import { untilHidden, whenVisible } from './visibility';
import { nextBackoff, splitLines } from './watch-lines';

export interface ListQuery {
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
}

export interface Reflection<T extends KubeObject> {
  readonly items: readonly T[];
  /** the last failure, cleared by the next good list or event */
  readonly error: ApiRequestError | undefined;
  /** false until the first list answered */
  readonly listed: boolean;
}

/**
 * How long one watch asks to last (client-go's reflector asks 5 to 10 min): each reconnect
 * authenticates again, so a revoked session is noticed within this time.
 */
const WATCH_SECONDS = 300;
/** a watch that ends sooner than this is treated as a failure (backed off), never a hot loop */
const SHORT_WATCH_MS = 1000;

/** Resolves after ms, or at once when signal aborts. */
export const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });

const asError = (err: unknown): ApiRequestError =>
  err instanceof ApiRequestError
    ? err
    : new ApiRequestError({
        kind: 'Status',
        code: 0,
        message: err instanceof Error ? err.message : String(err),
      });

/** Read one watch; returns the resourceVersion to resume from, or undefined to re-list (410). */
export async function watchOnce<T extends KubeObject>(
  path: string,
  from: string,
  onEvent: (e: WatchEvent<T>) => void,
  opts: { readonly query: ListQuery; readonly signal: AbortSignal },
): Promise<string | undefined> {
  const url = withQuery(path, {
    ...opts.query,
    watch: '1',
    allowWatchBookmarks: 'true',
    resourceVersion: from,
    timeoutSeconds: String(WATCH_SECONDS),
  });
  const resp = await apiFetch(url, { signal: opts.signal });
  const reader = resp.body?.pipeThrough(new TextDecoderStream()).getReader();
  if (!reader) return from;
  let rv = from;
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return rv;
    const { lines, rest } = splitLines(buffer + value);
    buffer = rest;
    for (const line of lines) {
      const event = JSON.parse(line) as WatchEvent<T>;
      if (event.type === 'ERROR') {
        if (event.object.code === 410) return undefined;
        throw new ApiRequestError(event.object);
      }
      rv = resumeVersion(rv, event);
      onEvent(event);
    }
  }
}

/**
 * `keep` (client-go's TransformFunc) is applied to every listed object and every event's object
 * before it is kept or published: what it drops (a Secret's values) is never held.
 */
export async function reflect<T extends KubeObject>(
  path: string,
  query: ListQuery,
  signal: AbortSignal,
  publish: (r: Reflection<T>) => void,
  keep: (obj: T) => T = (obj) => obj,
): Promise<void> {
  let items: readonly T[] = [];
  let rv: string | undefined;
  let backoff = 0;
  let listed = false;
  const stopped = (): boolean => signal.aborted;
  while (!stopped()) {
    await whenVisible(signal);
    if (stopped()) return;
    const pass = untilHidden(signal);
    try {
      if (rv === undefined) {
        const list = await request<KubeList<T>>(withQuery(path, { ...query }), { signal: pass.signal });
        items = sortObjects(list.items.map(keep));
        rv = list.metadata.resourceVersion ?? '';
        listed = true;
        publish({ items, error: undefined, listed });
      }
      const started = Date.now();
      rv = await watchOnce<T>(
        path,
        rv,
        (e) => {
          const kept: WatchEvent<T> =
            e.type === 'ADDED' || e.type === 'MODIFIED' || e.type === 'DELETED'
              ? { type: e.type, object: keep(e.object) }
              : e;
          const next = foldEvent(items, kept);
          if (next !== items) publish({ items: (items = next), error: undefined, listed });
        },
        { query, signal: pass.signal },
      );
      if (Date.now() - started >= SHORT_WATCH_MS) backoff = 0;
      else await sleep((backoff = nextBackoff(backoff)), signal);
    } catch (err) {
      if (stopped()) return;
      // hidden: the loop waits until the page is shown, then resumes from rv
      if (pass.signal.aborted) continue;
      const error = asError(err);
      publish({ items, error, listed });
      if (error.code === 401 || error.code === 403 || error.code === 404) return;
      backoff = nextBackoff(backoff);
      await sleep(backoff, signal);
    } finally {
      pass.release();
    }
  }
}
