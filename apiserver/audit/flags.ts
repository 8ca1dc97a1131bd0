/**
 * The audit flags of `orgplane up` / `orgplane apiserver` (kube-apiserver's names, plus
 * --audit-retention for AuditEvent objects), each also read from an ORGPLANE_* variable.
 */
import { InvalidArgumentError, Option } from 'commander';
import type { AuditorOptions } from './auditor.js';

const UNITS: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };

/** "90s", "30m", "168h", "7d", "1h30m" (Go durations plus days) → seconds; RangeError otherwise. */
export function parseDurationSeconds(text: string): number {
  const s = text.trim();
  const parts = [...s.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  if (s === '' || parts.map((p) => p[0]).join('') !== s)
    throw new RangeError(`"${text}" is not a duration like 90s, 30m, 168h or 7d`);
  const seconds = parts.reduce((sum, p) => sum + Number(p[1]) * (UNITS[p[2] ?? 's'] ?? 1), 0);
  if (!(seconds >= 1)) throw new RangeError(`"${text}" is shorter than one second`);
  return Math.round(seconds);
}

function argParser<T>(parse: (v: string) => T): (v: string) => T {
  return (v) => {
    try {
      return parse(v);
    } catch (err) {
      throw new InvalidArgumentError(err instanceof Error ? err.message : String(err));
    }
  };
}

const count = (min: number) =>
  argParser((v: string): number => {
    if (!/^\d+$/.test(v) || Number(v) < min) throw new RangeError(`must be a whole number >= ${String(min)}`);
    return Number(v);
  });

export function auditFlagOptions(): Option[] {
  return [
    new Option(
      '--audit-policy-file <file>',
      'audit.k8s.io/v1 Policy (default: Metadata for every request)',
    ).env('ORGPLANE_AUDIT_POLICY_FILE'),
    new Option(
      '--audit-log-path <path>',
      'audit log file, "-" for stdout, "" to disable (default <data-dir>/audit/audit.log)',
    ).env('ORGPLANE_AUDIT_LOG_PATH'),
    new Option('--audit-log-maxsize <MB>', 'rotate the audit log at this size in megabytes')
      .env('ORGPLANE_AUDIT_LOG_MAXSIZE')
      .default(100)
      .argParser(count(1)),
    new Option('--audit-log-maxbackup <n>', 'rotated audit log files to keep')
      .env('ORGPLANE_AUDIT_LOG_MAXBACKUP')
      .default(10)
      .argParser(count(0)),
    new Option(
      '--audit-log-digest-interval <duration>',
      'write a signed digest of the audit log this often while it grows (and at rotation and stop)',
    )
      .env('ORGPLANE_AUDIT_LOG_DIGEST_INTERVAL')
      .default(300, '5m')
      .argParser(argParser(parseDurationSeconds)),
    new Option('--audit-webhook-url <url>', 'POST batches of audit EventLists to this URL')
      .env('ORGPLANE_AUDIT_WEBHOOK_URL')
      .argParser(
        argParser((v: string): string => {
          const u = new URL(v);
          if (u.protocol !== 'http:' && u.protocol !== 'https:')
            throw new RangeError(`"${v}" is not an http(s) URL`);
          return v;
        }),
      ),
    new Option('--audit-retention <duration>', 'how long AuditEvent objects are kept (e.g. 7d, 168h)')
      .env('ORGPLANE_AUDIT_RETENTION')
      .default(7 * 86400, '7d')
      .argParser(argParser(parseDurationSeconds)),
  ];
}

/** The flags as commander hands them over (camel-cased). */
export interface AuditFlags {
  auditPolicyFile?: string;
  auditLogPath?: string;
  auditLogMaxsize: number;
  auditLogMaxbackup: number;
  auditLogDigestInterval: number;
  auditWebhookUrl?: string;
  auditRetention: number;
}

export function auditOptionsFromFlags(
  flags: AuditFlags,
): Pick<
  AuditorOptions,
  | 'policyFile'
  | 'logPath'
  | 'logMaxSizeMB'
  | 'logMaxBackups'
  | 'logDigestIntervalSeconds'
  | 'webhookUrl'
  | 'retentionSeconds'
> {
  return {
    ...(flags.auditPolicyFile !== undefined ? { policyFile: flags.auditPolicyFile } : {}),
    ...(flags.auditLogPath !== undefined ? { logPath: flags.auditLogPath } : {}),
    logMaxSizeMB: flags.auditLogMaxsize,
    logMaxBackups: flags.auditLogMaxbackup,
    logDigestIntervalSeconds: flags.auditLogDigestInterval,
    ...(flags.auditWebhookUrl !== undefined ? { webhookUrl: flags.auditWebhookUrl } : {}),
    retentionSeconds: flags.auditRetention,
  };
}
