/* eslint-disable @typescript-eslint/no-unsafe-assignment -- expect.stringMatching inside toMatchObject */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logBackend } from './log-backend.js';
import { sampleRecord } from './testdata.js';
import { testKey } from './testkeys.js';
import { verifyAuditLog, type LogFile } from './verify.js';
import { logFilesIn } from './verify-files.js';

const signer = testKey('verify-test');

/** A log of 24 records over several files (each closed by its digest), as file texts. */
async function sampleLog(): Promise<Map<string, string[]>> {
  const dir = mkdtempSync(join(tmpdir(), 'audit-verify-'));
  const log = logBackend({
    path: join(dir, 'audit.log'),
    maxSizeBytes: 4096,
    maxBackups: 20,
    signingKey: () => signer.key,
  });
  for (let i = 0; i < 24; i++) await log.process([sampleRecord({ auditID: `id-${String(i)}` })]);
  await log.shutdown?.();
  const { files } = await logFilesIn(dir);
  return new Map(
    files.map((f) => [f.name, readFileSync(join(dir, f.name), 'utf8').split('\n').slice(0, -1)]),
  );
}

const filesOf = (log: ReadonlyMap<string, string[]>): LogFile[] =>
  [...log].map(([name, lines]) => ({
    name,
    read: () => Promise.resolve(lines.map((l) => `${l}\n`).join('')),
  }));

const verify = (log: ReadonlyMap<string, string[]>, now = new Date()) =>
  verifyAuditLog(filesOf(log), { jwks: signer.jwks, now });

/** the log with one file's lines changed */
function edit(
  log: ReadonlyMap<string, string[]>,
  file: string,
  change: (lines: string[]) => void,
): Map<string, string[]> {
  const copy = new Map([...log].map(([k, v]) => [k, [...v]]));
  change(copy.get(file) ?? []);
  return copy;
}

describe('verifyAuditLog', () => {
  let log: Map<string, string[]>;
  beforeAll(async () => {
    log = await sampleLog();
  });

  it('counts an untouched log as intact', async () => {
    expect(log.has('audit.log.2')).toBe(true);
    const digests = [...log.values()].flat().filter((l) => l.includes('"AuditDigest"')).length;
    expect(await verify(log)).toEqual({ intact: true, records: 24, digests, files: log.size, notes: [] });
  });

  it('names an altered record', async () => {
    const altered = edit(log, 'audit.log.1', (l) => {
      l[1] = (l[1] ?? '').replace('"verb":"create"', '"verb":"delete"');
    });
    expect(await verify(altered)).toMatchObject({
      intact: false,
      file: 'audit.log.1',
      line: 2,
      problem: expect.stringMatching(/altered/),
    });
  });

  it('names an altered record just before a digest (the digest signed it)', async () => {
    const lines = log.get('audit.log.1') ?? [];
    const last = lines.length - 1;
    const altered = edit(log, 'audit.log.1', (l) => {
      l[last - 1] = (l[last - 1] ?? '').replace('"alice"', '"mallory"');
    });
    expect(await verify(altered)).toMatchObject({
      intact: false,
      file: 'audit.log.1',
      line: last,
      problem: expect.stringMatching(/altered/),
    });
  });

  it('names where a record was removed', async () => {
    const removed = edit(log, 'audit.log.2', (l) => l.splice(1, 1));
    expect(await verify(removed)).toMatchObject({
      intact: false,
      file: 'audit.log.2',
      line: 2,
      problem: expect.stringMatching(/1 record\(s\) removed/),
    });
  });

  it('names the first of two swapped records', async () => {
    const swapped = edit(log, 'audit.log.2', (l) => {
      [l[1], l[2]] = [l[2] ?? '', l[1] ?? ''];
    });
    expect(await verify(swapped)).toMatchObject({
      intact: false,
      file: 'audit.log.2',
      line: 2,
      problem: expect.stringMatching(/out of order/),
    });
  });

  it('names a rotated file whose tail was cut', async () => {
    const n = log.get('audit.log.1')?.length ?? 0;
    const cut = edit(log, 'audit.log.1', (l) => l.splice(-2));
    expect(await verify(cut)).toMatchObject({
      intact: false,
      file: 'audit.log.1',
      line: n - 1,
      problem: expect.stringMatching(/without its closing digest/),
    });
  });

  it("names the newest file's cut tail once the digest covering it is overdue", async () => {
    const n = log.get('audit.log')?.length ?? 0;
    const cut = edit(log, 'audit.log', (l) => l.splice(-1));
    expect(await verify(cut, new Date('2026-11-22T10:15:31Z'))).toMatchObject({
      intact: true,
      notes: [expect.stringMatching(/not covered by a digest yet/)],
    });
    const overdue = await verify(cut, new Date('2026-11-22T11:00:00Z'));
    expect(overdue).toMatchObject({
      intact: false,
      file: 'audit.log',
      line: 1,
      problem: expect.stringMatching(/no digest covers/),
    });
    expect(n).toBeGreaterThan(1);
  });

  it('names an altered digest and a line that is not JSON', async () => {
    const lines = log.get('audit.log.2') ?? [];
    const at = lines.length;
    const forged = edit(log, 'audit.log.2', (l) => {
      const d = JSON.parse(l[at - 1] ?? '{}') as { digest: string };
      const [h, p, s] = d.digest.split('.');
      l[at - 1] = JSON.stringify({
        ...d,
        digest: [h, p, (s ?? '').replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))].join('.'),
      });
    });
    expect(await verify(forged)).toMatchObject({
      intact: false,
      file: 'audit.log.2',
      line: at,
      problem: expect.stringMatching(/^digest /),
    });
    const garbled = edit(log, 'audit.log.1', (l) => {
      l[0] = (l[0] ?? '').slice(0, 40);
    });
    expect(await verify(garbled)).toMatchObject({
      intact: false,
      file: 'audit.log.1',
      line: 1,
      problem: expect.stringMatching(/not a JSON/),
    });
  });
});
