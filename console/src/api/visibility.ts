/**
 * Watches of a page the user cannot see give their connections back: the browser keeps at most six
 * HTTP/1.1 connections per server for all its tabs, and every live list holds one. A hidden tab's
 * watches end (untilHidden) and resume when it is shown again (whenVisible), from the
 * resourceVersion they reached, or with a fresh list if the server no longer has it (410).
 * Outside a browser document the page counts as always visible.
 */
const hidden = (): boolean => typeof document !== 'undefined' && document.visibilityState === 'hidden';

/** Resolves when the page is visible (at once if it is), or when signal aborts. */
export function whenVisible(signal: AbortSignal): Promise<void> {
  if (!hidden()) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      document.removeEventListener('visibilitychange', check);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const check = (): void => {
      if (!hidden()) done();
    };
    document.addEventListener('visibilitychange', check);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** A signal that aborts with `outer`, or as soon as the page is hidden; `release` detaches it. */
export function untilHidden(outer: AbortSignal): { readonly signal: AbortSignal; release(): void } {
  const c = new AbortController();
  const abort = (): void => {
    c.abort();
  };
  const check = (): void => {
    if (hidden()) c.abort();
  };
  outer.addEventListener('abort', abort, { once: true });
  if (typeof document !== 'undefined') document.addEventListener('visibilitychange', check);
  if (outer.aborted || hidden()) c.abort();
  return {
    signal: c.signal,
    release: () => {
      outer.removeEventListener('abort', abort);
      if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', check);
    },
  };
}
