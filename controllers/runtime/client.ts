/**
 * The small Kubernetes API surface controllers use. `kube-client.ts` implements it on
 * @kubernetes/client-node; `controllers/testing/fake-client.ts` in memory for reconcile tests.
 * Every method rejects with ApiStatusError for a Kubernetes error answer.
 */
import type { KubeObject, WatchEvent } from '../../api/meta.js';
import type { ResourceType } from './resources.js';

export interface ListOptions {
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /**
   * Applied to each item as its page arrives (an informer's projection): the whole objects of only
   * one page are alive at a time, never of the whole list.
   */
  readonly transform?: (obj: KubeObject) => KubeObject;
}

export interface ListResult<T> {
  readonly items: T[];
  /** the list's resourceVersion: watch from here to see every later change */
  readonly resourceVersion: string;
}

export interface WriteOptions {
  /** 'status' writes the status subresource */
  readonly subresource?: 'status';
}

export interface DeleteOptions {
  readonly propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  readonly preconditions?: { readonly uid?: string; readonly resourceVersion?: string };
}

/** kube's annotation on the BOOKMARK that ends a streaming list's initial objects */
export const INITIAL_EVENTS_END = 'k8s.io/initial-events-end';

export interface WatchOptions {
  readonly namespace?: string;
  /** start after this version ('' = from now, including a synthetic ADDED per object) */
  readonly resourceVersion: string;
  readonly timeoutSeconds?: number;
  /**
   * A streaming list (kube's sendInitialEvents, KEP-3157): first every current object as ADDED,
   * then a BOOKMARK annotated `k8s.io/initial-events-end` at the revision they were read at, then
   * the changes after it. With resourceVersion '' the objects are consistent (they include every
   * acknowledged write).
   */
  readonly sendInitialEvents?: boolean;
}

export interface WatchHandle {
  /** ends the watch; the done callback is then called once (with no error) */
  stop(): void;
}

export interface ApiClient {
  /** The object, or undefined when it does not exist. */
  get<T extends KubeObject>(res: ResourceType, name: string, namespace?: string): Promise<T | undefined>;
  /** Every object (all pages), with the list's resourceVersion. */
  list<T extends KubeObject>(res: ResourceType, opts?: ListOptions): Promise<ListResult<T>>;
  create<T extends KubeObject>(res: ResourceType, obj: T): Promise<T>;
  /** PUT: guarded by obj.metadata.resourceVersion (409 when stale). */
  update<T extends KubeObject>(res: ResourceType, obj: T, opts?: WriteOptions): Promise<T>;
  /** JSON merge patch (RFC 7386); a metadata.resourceVersion in the patch makes it conditional. */
  mergePatch<T extends KubeObject>(
    res: ResourceType,
    name: string,
    namespace: string | undefined,
    patch: Record<string, unknown>,
    opts?: WriteOptions,
  ): Promise<T>;
  /** DELETE; rejects with 404 when the object does not exist. */
  delete(res: ResourceType, name: string, namespace?: string, opts?: DeleteOptions): Promise<void>;
  /**
   * Streams changes after opts.resourceVersion to onEvent (ERROR events included, e.g. a 410 Status)
   * until the server ends the watch, the connection fails, or stop() is called; then calls onDone
   * once, with the error if it failed (a watch that cannot be opened fails the same way; a 410
   * answer is an ApiStatusError with code 410).
   */
  watch(
    res: ResourceType,
    opts: WatchOptions,
    onEvent: (event: WatchEvent<KubeObject>) => void,
    onDone: (err?: unknown) => void,
  ): Promise<WatchHandle>;
}
