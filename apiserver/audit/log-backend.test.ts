import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logBackend } from './log-backend.js';
import { sampleRecord } from './testdata.js';
import type { AuditRecord } from './types.js';

/** the records of a log file, without their chain members (digest lines skipped) */
const lines = (file: string): AuditRecord[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as AuditRecord & { seq?: number; prevHash?: string })
    .filter((r) => (r as { kind: string }).kind !== 'AuditDigest')
    .map(({ seq: _seq, prevHash: _prev, ...r }) => r);

describe('audit log backend', () => {
  it('writes one JSON line per event into a file it creates with its directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-log-'));
    const path = join(dir, 'audit', 'audit.log');
    const log = logBackend({ path });
    await log.process([sampleRecord({ auditID: 'a' }), sampleRecord({ auditID: 'b' })]);
    await log.shutdown?.();
    expect(lines(path).map((r) => r.auditID)).toEqual(['a', 'b']);
    expect(lines(path)[0]).toEqual(sampleRecord({ auditID: 'a' }));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    await expect(log.process([sampleRecord()])).rejects.toThrow(/closed/);
  });

  it('rotates by size, keeping the newest events in audit.log and at most maxBackups old files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-rotate-'));
    const path = join(dir, 'audit.log');
    const log = logBackend({ path, maxSizeBytes: 4096, maxBackups: 2 });
    const total = 80;
    for (let i = 0; i < total; i++) {
      await log.process([sampleRecord({ auditID: `id-${String(i).padStart(3, '0')}` })]);
      await new Promise((r) => setImmediate(r));
    }
    await log.shutdown?.();
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['audit.log', 'audit.log.1', 'audit.log.2']);
    for (const f of files) expect(statSync(join(dir, f)).size).toBeLessThanOrEqual(4096);
    const current = lines(path).map((r) => r.auditID);
    expect(current.at(-1)).toBe(`id-${String(total - 1).padStart(3, '0')}`);
    const older = lines(join(dir, 'audit.log.1')).map((r) => r.auditID);
    expect(older.at(-1)! < current[0]!).toBe(true);
  });

  it('splits a batch across rotations at line boundaries; a line longer than the limit gets a file of its own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-rotate-batch-'));
    const path = join(dir, 'audit.log');
    const log = logBackend({ path, maxSizeBytes: 4096, maxBackups: 3 });
    const batch = Array.from({ length: 12 }, (_, i) =>
      sampleRecord({ auditID: `b-${String(i).padStart(2, '0')}` }),
    );
    await log.process(batch);
    const huge = sampleRecord({ auditID: 'huge', requestObject: { data: 'x'.repeat(8000) } });
    await log.process([huge, sampleRecord({ auditID: 'after' })]);
    await log.shutdown?.();
    const files = ['audit.log.3', 'audit.log.2', 'audit.log.1', 'audit.log'];
    expect(readdirSync(dir).sort()).toEqual([...files].sort());
    const ids = files.map((f) => lines(join(dir, f)).map((r) => r.auditID));
    expect(ids.at(-1)).toEqual(['after']);
    expect(ids.at(-2)).toEqual(['huge']);
    expect(ids.flat().filter((x) => x.startsWith('b-'))).toEqual(
      batch.slice(12 - ids.slice(0, 2).flat().length).map((r) => r.auditID),
    );
    for (const f of files.slice(0, 2)) expect(statSync(join(dir, f)).size).toBeLessThanOrEqual(4096);
  });
});
