/** Prometheus metrics under kube-apiserver's names, on a registry of our own. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.5, 2, 5, 10, 30, 60];

export class Metrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'apiserver_request_total',
    help: 'Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.',
    labelNames: [
      'verb',
      'dry_run',
      'group',
      'version',
      'resource',
      'subresource',
      'scope',
      'component',
      'code',
    ],
    registers: [this.registry],
  });
  readonly duration = new Histogram({
    name: 'apiserver_request_duration_seconds',
    help: 'Response latency distribution in seconds for each verb, dry run value, group, version, resource, subresource, scope and component.',
    labelNames: ['verb', 'dry_run', 'group', 'version', 'resource', 'subresource', 'scope', 'component'],
    buckets: BUCKETS,
    registers: [this.registry],
  });
  readonly inflight = new Gauge({
    name: 'apiserver_current_inflight_requests',
    help: 'Maximal number of currently used inflight request limit of this apiserver per request kind in last second.',
    labelNames: ['request_kind'],
    registers: [this.registry],
  });
  readonly watchEvents = new Counter({
    name: 'apiserver_watch_events_total',
    help: 'Number of events sent in watch clients',
    labelNames: ['group', 'version', 'kind'],
    registers: [this.registry],
  });
  readonly storageDuration: Histogram<'operation' | 'type'>;

  constructor(storageBackend: string) {
    collectDefaultMetrics({ register: this.registry });
    this.storageDuration = new Histogram({
      name:
        storageBackend === 'etcd'
          ? 'etcd_request_duration_seconds'
          : 'embedded_storage_request_duration_seconds',
      help: `${storageBackend} request latency in seconds for each operation and object type.`,
      labelNames: ['operation', 'type'],
      buckets: BUCKETS,
      registers: [this.registry],
    });
  }
}
