/**
 * Watch streams: headers flushed at once (kubectl and client-go block until they arrive),
 * newline-delimited JSON events (what the watch has ready goes out as one write), BOOKMARKs when
 * asked for, and an end after timeoutSeconds.
 * A client that stops reading is not buffered for: the watcher's bound (watch cache or storage)
 * ends the stream with a 410 ERROR event. At server shutdown the stream ends cleanly (the client
 * re-watches elsewhere from its last resourceVersion).
 */
import { batchesOf } from '../cache/watch.js';
import { badRequest } from '../errors/status.js';
import { boolParam, intParam } from '../http/query.js';
import type { ObjectEvent } from '../registry/watch.js';
import { scoped, type HandlerContext } from './context.js';
import { bookmark, StreamState } from './watch-lines.js';

/** A periodic BOOKMARK, when asked for and there is a revision to name. */
function progressBookmark(ctx: HandlerContext, enabled: boolean, rv: string): void {
  if (enabled && rv !== '') ctx.resp.write(JSON.stringify(bookmark(ctx, rv)) + '\n');
}

/** Resolves when the response can take more, or the client went away (no listener is left behind). */
function drained(ctx: HandlerContext): Promise<void> {
  const { resp, req } = ctx;
  return new Promise((resolve) => {
    if (resp.destroyed) {
      resolve();
      return;
    }
    const done = (): void => {
      resp.off('drain', done);
      resp.off('close', done);
      req.off('close', done);
      resolve();
    };
    resp.on('drain', done);
    resp.on('close', done);
    req.on('close', done);
  });
}

export async function handleWatch(ctx: HandlerContext): Promise<void> {
  const q = ctx.query;
  const timeout = intParam(q, 'timeoutSeconds');
  if (timeout !== undefined && timeout < 0) throw badRequest('timeoutSeconds must be non-negative');
  const bookmarks = boolParam(q, 'allowWatchBookmarks');
  const sel = scoped(ctx, ctx.services.select(ctx.res, q.labelSelector, q.fieldSelector));
  const renderer = ctx.services.presenter.watchRenderer(ctx.res, ctx.req.headers.accept, q);
  const watch = ctx.store.watch({
    namespace: ctx.namespace,
    filter: sel.filter,
    resourceVersion: q.resourceVersion,
    sendInitialEvents: boolParam(q, 'sendInitialEvents'),
  });
  const { resp, req } = ctx;
  resp.status(200);
  resp.setHeader('Content-Type', 'application/json');
  resp.setHeader('Cache-Control', 'no-cache, private');
  resp.flushHeaders();
  resp.socket?.setNoDelay(true);
  const stream = new StreamState(ctx, renderer, bookmarks);
  const stop = (): void => {
    watch.stop();
  };
  req.on('close', stop);
  ctx.services.shutdown.addEventListener('abort', stop);
  if (ctx.services.shutdown.aborted) stop();
  const timer = timeout ? setTimeout(stop, timeout * 1000) : undefined;
  const ticker = setInterval(() => {
    progressBookmark(ctx, bookmarks, watch.progress?.() ?? stream.lastRV);
  }, ctx.services.bookmarkIntervalMs);
  try {
    // each batch (what the watch has ready) goes out as one write
    for await (const batch of batchesOf<ObjectEvent>(watch)) {
      const lines = stream.lines(batch);
      if (lines.events > 0) ctx.services.onWatchEvent(ctx.res, lines.events);
      if (lines.out.length > 0 && !write(ctx, lines.out)) await drained(ctx);
      if (lines.failed) break;
    }
  } finally {
    clearInterval(ticker);
    if (timer) clearTimeout(timer);
    req.off('close', stop);
    ctx.services.shutdown.removeEventListener('abort', stop);
    resp.end();
  }
}

/** Bytes of lines corked into one socket write (one TLS buffer), kept under malloc's mmap threshold. */
const WRITE_GROUP = 64 * 1024;

/**
 * The lines in corked groups of about WRITE_GROUP bytes (one writev and one run of TLS records
 * each; the shared bytes are not copied into a buffer of this stream's own); false when the client
 * is behind. TLS copies a corked group into one buffer: a batch of hundreds of large events in one
 * group would be a fresh mapping of over 128 KiB, faulted in page by page, for every watcher.
 */
function write(ctx: HandlerContext, out: readonly (Buffer | string)[]): boolean {
  const { resp } = ctx;
  resp.cork();
  let ok = true;
  let size = 0;
  for (const line of out) {
    if (size > 0 && size + line.length > WRITE_GROUP) {
      resp.uncork();
      resp.cork();
      size = 0;
    }
    ok = resp.write(line) && ok;
    size += line.length;
  }
  resp.uncork();
  return ok;
}
