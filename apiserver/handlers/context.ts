/** What every resource handler receives: the parsed request, its resource, store and caller. */
import type { Request, Response } from 'express';
import type { KubeList, KubeObject } from '../../api/meta.js';
import type { ResourceInfo } from '../../api/resource.js';
import type { UserInfo } from '../../api/user.js';
import type { ProtobufDecoder } from '../http/body.js';
import type { Query } from '../http/query.js';
import type { RequestInfo } from '../http/requestinfo.js';
import type { Store } from '../registry/store.js';

/** Renders objects and lists as the client asked (JSON, Table, PartialObjectMetadata). */
export interface Presenter {
  /** Refuse (406, or 400 for bad Table options) an answer the client cannot take, before any work. */
  negotiate(accept: string | undefined, q: Query): void;
  object(res: ResourceInfo, obj: KubeObject, accept: string | undefined, q: Query): unknown;
  list(res: ResourceInfo, list: KubeList, accept: string | undefined, q: Query): unknown;
  /** a watch stream's renderer; `first` is true for the first event of the stream */
  watchObject(
    res: ResourceInfo,
    obj: KubeObject,
    accept: string | undefined,
    q: Query,
    first: boolean,
  ): unknown;
  /**
   * How a watch stream renders its objects, decided once per stream: undefined when objects go
   * as they are (JSON); otherwise `key` names the rendering (equal keys, equal output for an
   * object, so the bytes are shared between streams) and `render` makes it.
   */
  watchRenderer(res: ResourceInfo, accept: string | undefined, q: Query): WatchRenderer | undefined;
}

export interface WatchRenderer {
  readonly key: string;
  render(obj: KubeObject, first: boolean): unknown;
}

/** Label and field selectors compiled into a predicate. */
export interface Selection {
  readonly filter: (obj: KubeObject) => boolean;
  readonly exactName?: string;
}

export interface HandlerServices {
  readonly presenter: Presenter;
  readonly select: (
    res: ResourceInfo,
    labelSelector: string | undefined,
    fieldSelector: string | undefined,
  ) => Selection;
  readonly protobuf: ProtobufDecoder;
  /** aborted when the server shuts down: long-running requests (watches) end cleanly */
  readonly shutdown: AbortSignal;
  /** period between watch bookmarks / keep-alives */
  readonly bookmarkIntervalMs: number;
  /** counts events sent to a watcher */
  readonly onWatchEvent: (res: ResourceInfo, count: number) => void;
}

export interface HandlerContext {
  readonly info: RequestInfo;
  readonly res: ResourceInfo;
  readonly store: Store;
  /** the namespace for storage: '' for cluster-scoped kinds */
  readonly namespace: string;
  readonly user: UserInfo;
  readonly query: Query;
  readonly req: Request;
  readonly resp: Response;
  readonly services: HandlerServices;
  /**
   * A list/watch the caller may see only in part: keep objects whose namespace (for cluster-scoped
   * kinds, whose name) is in this set.
   */
  readonly readScope?: ReadonlySet<string>;
}

/** The selection narrowed to the caller's read scope, if any. */
export function scoped(ctx: HandlerContext, sel: Selection): Selection {
  const scope = ctx.readScope;
  if (!scope) return sel;
  const where = ctx.res.namespaced
    ? (o: KubeObject): string => o.metadata.namespace ?? ''
    : (o: KubeObject): string => o.metadata.name ?? '';
  return { ...sel, filter: (o) => scope.has(where(o)) && sel.filter(o) };
}
