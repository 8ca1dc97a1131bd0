/**
 * The watch cache's metrics under kube-apiserver's names, labelled by group and resource. The
 * cache reports on every batch of events it applies; the gauges keep the latest values per
 * resource and hand them to prom-client only when scraped (its `set` sorts and hashes the labels on
 * every call), and each resource's label set is made once.
 */
import { Counter, Gauge } from 'prom-client';
import type { CacheMetrics } from '../cache/metrics.js';
import type { Metrics } from './metrics.js';

type Labels = Readonly<{ group: string; resource: string }>;

/** '/registry/<group>/<plural>/' → labels ('core' is the legacy group ''). */
function labelsOf(prefix: string): Labels {
  const [, , group = '', resource = ''] = prefix.split('/');
  return { group: group === 'core' ? '' : group, resource };
}

/** The latest value per resource, set into the gauge when it is collected. */
function scrapedGauge(m: Metrics, name: string, help: string, labelsFor: (p: string) => Labels) {
  const latest = new Map<string, { value: number }>();
  new Gauge({
    name,
    help,
    labelNames: ['group', 'resource'],
    registers: [m.registry],
    collect() {
      for (const [prefix, v] of latest) this.set(labelsFor(prefix), v.value);
    },
  });
  return (prefix: string, value: number): void => {
    const slot = latest.get(prefix);
    if (slot) slot.value = value;
    else latest.set(prefix, { value });
  };
}

export function watchCacheMetrics(m: Metrics): CacheMetrics {
  const labels = new Map<string, Labels>();
  const labelsFor = (prefix: string): Labels => {
    let l = labels.get(prefix);
    if (!l) labels.set(prefix, (l = labelsOf(prefix)));
    return l;
  };
  const registers = [m.registry];
  const labelNames = ['group', 'resource'] as const;
  const received = new Counter({
    name: 'apiserver_watch_cache_events_received_total',
    help: 'Counter of events received in watch cache broken by resource type.',
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
      received.inc(labelsFor(r));
    },
    revision: scrapedGauge(
      m,
      'apiserver_watch_cache_resource_version',
      'Current resource version of watch cache broken by resource type.',
      labelsFor,
    ),
    capacity: scrapedGauge(
      m,
      'apiserver_watch_cache_capacity',
      'Total capacity of watch cache broken by resource type.',
      labelsFor,
    ),
    watcherTerminated: (r) => {
      terminated.inc(labelsFor(r));
    },
  };
}
