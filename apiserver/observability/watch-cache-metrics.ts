/** The watch cache's metrics under kube-apiserver's names, labelled by group and resource. */
import { Counter, Gauge } from 'prom-client';
import type { CacheMetrics } from '../cache/metrics.js';
import type { Metrics } from './metrics.js';

/** '/registry/<group>/<plural>/' → labels ('core' is the legacy group ''). */
function labels(prefix: string): { group: string; resource: string } {
  const [, , group = '', resource = ''] = prefix.split('/');
  return { group: group === 'core' ? '' : group, resource };
}

export function watchCacheMetrics(m: Metrics): CacheMetrics {
  const registers = [m.registry];
  const labelNames = ['group', 'resource'] as const;
  const received = new Counter({
    name: 'apiserver_watch_cache_events_received_total',
    help: 'Counter of events received in watch cache broken by resource type.',
    labelNames,
    registers,
  });
  const rv = new Gauge({
    name: 'apiserver_watch_cache_resource_version',
    help: 'Current resource version of watch cache broken by resource type.',
    labelNames,
    registers,
  });
  const capacity = new Gauge({
    name: 'apiserver_watch_cache_capacity',
    help: 'Total capacity of watch cache broken by resource type.',
    labelNames,
    registers,
  });
  const terminated = new Counter({
    name: 'apiserver_terminated_watchers_total',
    help: 'Counter of watchers closed due to unresponsiveness broken by resource type.',
    labelNames,
    registers,
  });
  return {
    eventReceived: (r) => {
      received.inc(labels(r));
    },
    revision: (r, rev) => {
      rv.set(labels(r), rev);
    },
    capacity: (r, n) => {
      capacity.set(labels(r), n);
    },
    watcherTerminated: (r) => {
      terminated.inc(labels(r));
    },
  };
}
