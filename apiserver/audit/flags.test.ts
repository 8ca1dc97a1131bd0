import { Command } from 'commander';
import { auditFlagOptions, auditOptionsFromFlags, parseDurationSeconds, type AuditFlags } from './flags.js';

describe('audit flags', () => {
  it('parses retention durations', () => {
    expect(parseDurationSeconds('7d')).toBe(604800);
    expect(parseDurationSeconds('168h')).toBe(604800);
    expect(parseDurationSeconds('1h30m')).toBe(5400);
    expect(parseDurationSeconds('90s')).toBe(90);
    for (const bad of ['', '7', 'week', '5x', '500ms', '-1h'])
      expect(() => parseDurationSeconds(bad)).toThrow(RangeError);
  });

  const parse = (args: string[]): AuditFlags => {
    const cmd = new Command().exitOverride().configureOutput({ writeErr: () => undefined });
    for (const o of auditFlagOptions()) cmd.addOption(o);
    cmd.parse(args, { from: 'user' });
    return cmd.opts<AuditFlags>();
  };

  it('maps the kube-apiserver flags onto auditor options, with defaults', () => {
    expect(auditOptionsFromFlags(parse([]))).toEqual({
      logMaxSizeMB: 100,
      logMaxBackups: 10,
      logDigestIntervalSeconds: 300,
      retentionSeconds: 604800,
    });
    const flags = parse([
      '--audit-policy-file=/p.yaml',
      '--audit-log-path=-',
      '--audit-log-maxsize=5',
      '--audit-log-maxbackup=0',
      '--audit-webhook-url=http://127.0.0.1:9/a',
      '--audit-retention=2h',
      '--audit-log-digest-interval=30s',
    ]);
    expect(auditOptionsFromFlags(flags)).toEqual({
      policyFile: '/p.yaml',
      logPath: '-',
      logMaxSizeMB: 5,
      logMaxBackups: 0,
      logDigestIntervalSeconds: 30,
      webhookUrl: 'http://127.0.0.1:9/a',
      retentionSeconds: 7200,
    });
  });

  it('refuses bad values with one clear message', () => {
    expect(() => parse(['--audit-retention=soon'])).toThrow(/"soon" is not a duration/);
    expect(() => parse(['--audit-log-maxsize=0'])).toThrow(/whole number >= 1/);
    expect(() => parse(['--audit-log-digest-interval=often'])).toThrow(/"often" is not a duration/);
    expect(() => parse(['--audit-webhook-url=ftp://x'])).toThrow(/not an http\(s\) URL/);
  });
});
