/** Audit metrics under kube-apiserver's names, registered on the server's prom-client Registry. */
import { Counter, type Registry } from 'prom-client';

function counter<L extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: L[],
): Counter<L> {
  const existing = registry.getSingleMetric(name);
  if (existing instanceof Counter) return existing;
  return new Counter({ name, help, labelNames, registers: [registry] });
}

export class AuditMetrics {
  /** events generated and handed to the backends */
  readonly events: Counter;
  /** events at each audit level */
  readonly levels: Counter<'level'>;
  /** events a backend failed to record (dropped or rejected), per plugin */
  readonly errors: Counter<'plugin'>;
  /** events dropped because a backend's buffer was full, per plugin */
  readonly dropped: Counter<'plugin'>;

  constructor(registry: Registry) {
    this.events = counter(
      registry,
      'apiserver_audit_event_total',
      'Counter of audit events generated and sent to the audit backend.',
      [],
    );
    this.levels = counter(
      registry,
      'apiserver_audit_level_total',
      'Counter of policy levels for audit events (1 per request).',
      ['level'],
    );
    this.errors = counter(
      registry,
      'apiserver_audit_error_total',
      'Counter of audit events that failed to be audited properly. Plugin identifies the plugin affected by the error.',
      ['plugin'],
    );
    this.dropped = counter(
      registry,
      'apiserver_audit_dropped_events_total',
      'Counter of audit events dropped because the buffer of a backend was full. Plugin identifies the backend.',
      ['plugin'],
    );
  }
}
