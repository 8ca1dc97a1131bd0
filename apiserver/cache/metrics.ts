/**
 * What the watch cache reports; apiserver/observability implements it under kube's metric names.
 * `resource` is the resource's key prefix, /registry/<group>/<plural>/.
 */
export interface CacheMetrics {
  /** one storage event of the resource received */
  eventReceived(resource: string): void;
  /** the revision the resource's cache has reached */
  revision(resource: string, rev: number): void;
  /** the resource's event ring can now hold this many events */
  capacity(resource: string, events: number): void;
  /** a watcher of the resource ended for falling behind */
  watcherTerminated(resource: string): void;
}
