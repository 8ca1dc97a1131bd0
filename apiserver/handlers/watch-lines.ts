/**
 * The lines of a watch stream: each event encoded as the client asked (JSON, Table,
 * PartialObjectMetadata), the watch cache's events once per encoding for every stream (the bytes
 * are shared), BOOKMARKs when asked for, and the resourceVersion last sent.
 */
import type { KubeObject, WatchEvent } from '../../api/meta.js';
import { apiVersionOf } from '../../api/resource.js';
import { SharedEvent, jsonFrame } from '../cache/event.js';
import type { ObjectEvent } from '../registry/watch.js';
import type { HandlerContext, WatchRenderer } from './context.js';

export function bookmark(ctx: HandlerContext, rv: string, annotations?: Record<string, string>): WatchEvent {
  return {
    type: 'BOOKMARK',
    object: {
      kind: ctx.res.kind,
      apiVersion: apiVersionOf(ctx.res),
      metadata: { resourceVersion: rv, ...(annotations ? { annotations } : {}) },
    },
  };
}

/**
 * One event line. The cache's events are encoded once per rendering for every stream (the bytes
 * are shared); others (a storage watch's) are encoded here.
 */
function frame(ev: ObjectEvent, renderer: WatchRenderer | undefined, first: boolean): Buffer | string {
  if (ev instanceof SharedEvent) {
    if (!renderer) return jsonFrame(ev);
    const key = first ? `${renderer.key}+first` : renderer.key;
    return ev.frame(
      key,
      (e) => JSON.stringify({ type: e.type, object: renderer.render(e.object, first) }) + '\n',
    );
  }
  if (!renderer && ev.raw !== undefined) return `{"type":"${ev.type}","object":${ev.raw}}\n`;
  const body = renderer ? renderer.render(ev.object, first) : ev.object;
  return JSON.stringify({ type: ev.type, object: body }) + '\n';
}

const resourceVersionOf = (ev: ObjectEvent): string | undefined =>
  ev instanceof SharedEvent ? ev.resourceVersion : ev.object.metadata.resourceVersion;

/** A BOOKMARK from the watch itself (initial-events-end): its line when asked for, and its rv. */
function forwardBookmark(
  ctx: HandlerContext,
  enabled: boolean,
  obj: KubeObject,
  lastRV: string,
): { line?: string; rv: string } {
  const rv = obj.metadata.resourceVersion ?? lastRV;
  if (!enabled) return { rv };
  return { line: JSON.stringify(bookmark(ctx, rv, obj.metadata.annotations)) + '\n', rv };
}

/** What a stream remembers between batches: the last resourceVersion sent, and whether one was. */
export class StreamState {
  lastRV: string;
  private first = true;

  constructor(
    private readonly ctx: HandlerContext,
    private readonly renderer: WatchRenderer | undefined,
    private readonly bookmarks: boolean,
  ) {
    const rv = ctx.query.resourceVersion;
    this.lastRV = rv && rv !== '0' ? rv : '';
  }

  /** A batch's lines; an ERROR event is the last line (failed: the stream ends after it). */
  lines(batch: readonly ObjectEvent[]): { out: (Buffer | string)[]; events: number; failed: boolean } {
    const out: (Buffer | string)[] = [];
    let events = 0;
    for (const ev of batch) {
      if (ev.type === 'ERROR') {
        out.push(JSON.stringify(ev) + '\n');
        return { out, events, failed: true };
      }
      if (ev.type === 'BOOKMARK') {
        const b = forwardBookmark(this.ctx, this.bookmarks, ev.object, this.lastRV);
        this.lastRV = b.rv;
        if (b.line !== undefined) out.push(b.line);
        continue;
      }
      this.lastRV = resourceVersionOf(ev) ?? this.lastRV;
      out.push(frame(ev, this.renderer, this.first));
      this.first = false;
      events++;
    }
    return { out, events, failed: false };
  }
}
