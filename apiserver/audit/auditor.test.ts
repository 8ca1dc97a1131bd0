import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { silentLogger } from '../observability/logger.js';
import { createAuditor } from './auditor.js';
import { PolicyError } from './policy.js';
import { sampleRecord } from './testdata.js';
import type { AuditRecord } from './types.js';

describe('createAuditor', () => {
  it('fans events out to the log file and the webhook, counting them', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'auditor-'));
    const received: AuditRecord[] = [];
    const hook = createServer((req, resp) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        received.push(...(JSON.parse(text) as { items: AuditRecord[] }).items);
        resp.end();
      });
    }).listen(0, '127.0.0.1');
    await once(hook, 'listening');
    const registry = new Registry();
    const auditor = await createAuditor({
      dataDir,
      metricsRegistry: registry,
      logger: silentLogger(),
      webhookUrl: `http://127.0.0.1:${String((hook.address() as AddressInfo).port)}/`,
    });
    auditor.emit(sampleRecord({ auditID: 'one' }));
    auditor.emit(sampleRecord({ auditID: 'two', level: 'Request' }));
    await auditor.shutdown();
    hook.close();
    const logged = readFileSync(join(dataDir, 'audit', 'audit.log'), 'utf8')
      .trim()
      .split('\n');
    expect(logged.map((l) => (JSON.parse(l) as AuditRecord).auditID)).toEqual(['one', 'two']);
    expect(received.map((r) => r.auditID)).toEqual(['one', 'two']);
    const text = await registry.metrics();
    expect(text).toContain('apiserver_audit_event_total 2');
    expect(text).toContain('apiserver_audit_level_total{level="Request"} 1');
  });

  it('refuses a bad policy file with one line naming it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'auditor-'));
    const policyFile = join(dataDir, 'policy.yaml');
    writeFileSync(policyFile, 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: Verbose}]\n');
    const attempt = createAuditor({
      dataDir,
      metricsRegistry: new Registry(),
      logger: silentLogger(),
      policyFile,
      logPath: '',
    });
    await expect(attempt).rejects.toThrow(PolicyError);
    await expect(attempt).rejects.toThrow(
      /policy.yaml: invalid audit policy: rules\[0\].level: Unsupported value: "Verbose"/,
    );
  });
});
