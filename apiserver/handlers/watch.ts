/**
 * Watch streams: headers flushed at once (kubectl and client-go block until they arrive),
 * newline-delimited JSON events, BOOKMARKs when asked for, and an end after timeoutSeconds.
 * A client that stops reading is not buffered for: the watcher's bound (watch cache or storage)
 * ends the stream with a 410 ERROR event. At server shutdown the stream ends cleanly (the client
 * re-watches elsewhere from its last resourceVersion).
 */
import { once } from 'node:events';
import type { KubeObject, WatchEvent } from '../../api/meta.js';
import { apiVersionOf } from '../../api/resource.js';
import { badRequest } from '../errors/status.js';
import { boolParam, intParam } from '../http/query.js';
import type { ObjectEvent } from '../registry/watch.js';
import { scoped, type HandlerContext } from './context.js';

function bookmark(ctx: HandlerContext, rv: string, annotations?: Record<string, string>): WatchEvent {
  return {
    type: 'BOOKMARK',
    object: {
      kind: ctx.res.kind,
      apiVersion: apiVersionOf(ctx.res),
      metadata: { resourceVersion: rv, ...(annotations ? { annotations } : {}) },
    },
  };
}

/** One event line; the cache's shared JSON text when the object is sent as is. */
function encode(ev: ObjectEvent, body: unknown): string {
  if (body === ev.object && ev.raw !== undefined) return `{"type":"${ev.type}","object":${ev.raw}}`;
  return JSON.stringify({ type: ev.type, object: body });
}

/** A periodic BOOKMARK, when asked for and there is a revision to name. */
function progressBookmark(ctx: HandlerContext, enabled: boolean, rv: string): void {
  if (enabled && rv !== '') ctx.resp.write(JSON.stringify(bookmark(ctx, rv)) + '\n');
}

/** A BOOKMARK from the watch itself (initial-events-end): sent when asked for; returns its rv. */
function forwardBookmark(ctx: HandlerContext, enabled: boolean, obj: KubeObject, lastRV: string): string {
  const rv = obj.metadata.resourceVersion ?? lastRV;
  if (enabled) ctx.resp.write(JSON.stringify(bookmark(ctx, rv, obj.metadata.annotations)) + '\n');
  return rv;
}

export async function handleWatch(ctx: HandlerContext): Promise<void> {
  const q = ctx.query;
  const timeout = intParam(q, 'timeoutSeconds');
  if (timeout !== undefined && timeout < 0) throw badRequest('timeoutSeconds must be non-negative');
  const bookmarks = boolParam(q, 'allowWatchBookmarks');
  const sel = scoped(ctx, ctx.services.select(ctx.res, q.labelSelector, q.fieldSelector));
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
  let lastRV = q.resourceVersion && q.resourceVersion !== '0' ? q.resourceVersion : '';
  let first = true;
  const stop = (): void => {
    watch.stop();
  };
  req.on('close', stop);
  ctx.services.shutdown.addEventListener('abort', stop);
  if (ctx.services.shutdown.aborted) stop();
  const timer = timeout ? setTimeout(stop, timeout * 1000) : undefined;
  const ticker = setInterval(() => {
    progressBookmark(ctx, bookmarks, watch.progress?.() ?? lastRV);
  }, ctx.services.bookmarkIntervalMs);
  try {
    for await (const ev of watch) {
      const obj = ev.object;
      if (ev.type === 'BOOKMARK') {
        lastRV = forwardBookmark(ctx, bookmarks, obj, lastRV);
        continue;
      }
      if (ev.type !== 'ERROR') lastRV = obj.metadata.resourceVersion ?? lastRV;
      const line = ev.type === 'ERROR' ? JSON.stringify(ev) : encode(ev, present(ctx, obj, first));
      first = false;
      ctx.services.onWatchEvent(ctx.res);
      if (!resp.write(line + '\n')) await Promise.race([once(resp, 'drain'), once(req, 'close')]);
      if (ev.type === 'ERROR') break;
    }
  } finally {
    clearInterval(ticker);
    if (timer) clearTimeout(timer);
    req.off('close', stop);
    ctx.services.shutdown.removeEventListener('abort', stop);
    resp.end();
  }
}

function present(ctx: HandlerContext, obj: KubeObject, first: boolean): unknown {
  return ctx.services.presenter.watchObject(ctx.res, obj, ctx.req.headers.accept, ctx.query, first);
}
