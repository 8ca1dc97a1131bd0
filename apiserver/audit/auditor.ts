/**
 * The audit trail assembled: policy, middleware, and each backend (log file, webhook, AuditEvent
 * objects) behind its own bounded buffer, so a slow or failing backend never slows requests or
 * the other backends.
 */
import { join } from 'node:path';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Registry as PromRegistry } from 'prom-client';
import type winston from 'winston';
import type { SystemClient } from '../registry/system.js';
import { BufferedBackend, type BufferOptions } from './buffered.js';
import type { DigestKey } from './digest.js';
import { logBackend } from './log-backend.js';
import { AuditMetrics } from './metrics.js';
import { auditPanics, auditRequests } from './middleware.js';
import { objectBackend } from './object-backend.js';
import { ensureSystemNamespace } from './placement.js';
import { DEFAULT_POLICY, loadPolicy } from './policy.js';
import { PolicyChecker } from './policy-checker.js';
import type { AuditBackend, AuditRecord } from './types.js';
import { webhookBackend, type WebhookOptions } from './webhook-backend.js';

export interface AuditorOptions {
  readonly dataDir: string;
  /** the server's metrics registry (Metrics.registry) */
  readonly metricsRegistry: PromRegistry;
  readonly logger: winston.Logger;
  /** writes AuditEvent objects (the registry's system client); omitted: no objects */
  readonly client?: SystemClient;
  /** audit.k8s.io/v1 Policy file; omitted: Metadata for every request */
  readonly policyFile?: string;
  /** JSON-lines log; default <dataDir>/audit/audit.log, "-" for stdout, "" for none */
  readonly logPath?: string;
  readonly logMaxSizeMB?: number;
  readonly logMaxBackups?: number;
  /** a signed digest of the log at least this often while records are written (default 300 s) */
  readonly logDigestIntervalSeconds?: number;
  /** signs the log's digests (the server's active token signing key); omitted: no digests */
  readonly signingKey?: () => DigestKey;
  /** POST batches of EventLists here; omitted: no webhook */
  readonly webhookUrl?: string;
  readonly webhook?: Omit<WebhookOptions, 'url'>;
  /** AuditEvent object retention (default 7 days) */
  readonly retentionSeconds?: number;
  /** per-backend buffer settings */
  readonly buffers?: Partial<Record<BackendName, BufferOptions>>;
  readonly now?: () => Date;
}

export interface Auditor {
  /** mount right after observe() */
  readonly middleware: RequestHandler;
  /** mount right before the final error middleware */
  readonly recordPanics: ErrorRequestHandler;
  emit(record: AuditRecord): void;
  /** every event emitted so far handed to its backends */
  flush(): Promise<void>;
  /** deliver what is buffered (bounded wait) and close files; after the HTTP server stopped */
  shutdown(): Promise<void>;
}

type BackendName = 'log' | 'webhook' | 'objects';

const DEFAULT_BUFFERS: Record<BackendName, BufferOptions> = {
  log: { maxBuffered: 10_000, maxBatch: 400, maxWaitMs: 100 },
  webhook: { maxBuffered: 10_000, maxBatch: 400, maxWaitMs: 1000 },
  objects: { maxBuffered: 10_000, maxBatch: 100, maxWaitMs: 250 },
};

export async function createAuditor(opts: AuditorOptions): Promise<Auditor> {
  const policy = new PolicyChecker(
    opts.policyFile !== undefined ? await loadPolicy(opts.policyFile) : DEFAULT_POLICY,
  );
  const metrics = new AuditMetrics(opts.metricsRegistry);
  const lastWarned = new Map<string, number>();
  const onError = (err: unknown, plugin: string): void => {
    const t = Date.now();
    if (t - (lastWarned.get(plugin) ?? 0) < 10_000) return;
    lastWarned.set(plugin, t);
    opts.logger.warn('audit backend failed', {
      plugin,
      error: err instanceof Error ? err.message : String(err),
    });
  };
  const backends: [BackendName, AuditBackend][] = [];
  if (opts.webhookUrl !== undefined && opts.webhookUrl !== '')
    backends.push(['webhook', webhookBackend({ ...opts.webhook, url: opts.webhookUrl })]);
  if (opts.client) {
    await ensureSystemNamespace(opts.client);
    const objects = objectBackend({
      client: opts.client,
      ...(opts.retentionSeconds !== undefined ? { retentionSeconds: opts.retentionSeconds } : {}),
      ...(opts.now ? { now: opts.now } : {}),
    });
    backends.push(['objects', objects]);
  }
  const logPath = opts.logPath ?? join(opts.dataDir, 'audit', 'audit.log');
  if (logPath !== '') {
    const maxSizeBytes = (opts.logMaxSizeMB ?? 100) * 1024 * 1024;
    const log = logBackend({
      path: logPath,
      maxSizeBytes,
      maxBackups: opts.logMaxBackups ?? 10,
      ...(opts.signingKey ? { signingKey: opts.signingKey } : {}),
      ...(opts.logDigestIntervalSeconds !== undefined
        ? { digestIntervalSeconds: opts.logDigestIntervalSeconds }
        : {}),
      onDigestError: (err) => {
        onError(err, 'log-digest');
      },
      ...(opts.now ? { now: opts.now } : {}),
    });
    backends.push(['log', log]);
  }
  const buffered = backends.map(
    ([name, b]) =>
      new BufferedBackend(b, { ...DEFAULT_BUFFERS[name], ...opts.buffers?.[name] }, metrics, onError),
  );
  const emit = (record: AuditRecord): void => {
    metrics.events.inc();
    if (record.stage === 'ResponseComplete' || record.stage === 'Panic')
      metrics.levels.inc({ level: record.level });
    for (const b of buffered) b.enqueue(record);
  };
  return {
    middleware: auditRequests({
      policy,
      emit,
      onError: (err) => {
        onError(err, 'middleware');
      },
    }),
    recordPanics: auditPanics(),
    emit,
    flush: async () => {
      await Promise.all(buffered.map((b) => b.flush()));
    },
    shutdown: async () => {
      await Promise.all(buffered.map((b) => b.shutdown()));
    },
  };
}
