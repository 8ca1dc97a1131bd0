/* eslint-disable @typescript-eslint/no-unsafe-assignment -- expect.stringMatching inside toMatchObject */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GENESIS_HASH, lineHash } from './chain.js';
import { digestJwsOf, verifyDigest, type DigestPayload } from './digest.js';
import { logBackend } from './log-backend.js';
import { sampleRecord } from './testdata.js';
import { testKey } from './testkeys.js';
import { verifyAuditLog } from './verify.js';
import { logFilesIn } from './verify-files.js';

const id = (i: number): string => `id-${String(i).padStart(3, '0')}`;
const linesOf = (file: string): string[] => readFileSync(file, 'utf8').split('\n').slice(0, -1);
const parse = (line: string): Record<string, unknown> => JSON.parse(line) as Record<string, unknown>;
const isDigest = (line: string): boolean => digestJwsOf(parse(line)) !== undefined;

async function writeLog(path: string, count: number, opts: { maxSizeBytes?: number; first?: number } = {}) {
  const { key } = signer;
  const log = logBackend({
    path,
    maxSizeBytes: opts.maxSizeBytes ?? 4096,
    maxBackups: 20,
    signingKey: () => key,
  });
  for (let i = 0; i < count; i++) await log.process([sampleRecord({ auditID: id((opts.first ?? 0) + i) })]);
  await log.shutdown?.();
}

const signer = testKey('audit-test');

describe('the audit hash chain', () => {
  it('chains every record to the one before it across rotations, each rotated file closed by a signed digest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-chain-'));
    await writeLog(join(dir, 'audit.log'), 30);
    const { files } = await logFilesIn(dir);
    expect(files.length).toBeGreaterThan(3);
    const rotated = files.length - 1;
    expect(files.map((f) => f.name)).toEqual([
      ...Array.from({ length: rotated }, (_, i) => `audit.log.${String(rotated - i)}`),
      'audit.log',
    ]);
    expect(readdirSync(dir)).toHaveLength(files.length);
    let prev: { hash: string; seq: number } = { hash: GENESIS_HASH, seq: -1 };
    for (const f of files) {
      const lines = linesOf(join(dir, f.name));
      let fileRecords = 0;
      for (const line of lines) {
        if (isDigest(line)) continue;
        expect(parse(line)).toMatchObject({ seq: prev.seq + 1, prevHash: prev.hash, kind: 'Event' });
        prev = { hash: lineHash(line), seq: prev.seq + 1 };
        fileRecords++;
      }
      const last = lines.at(-1) ?? '';
      const check = await verifyDigest(digestJwsOf(parse(last)) ?? '', signer.jwks);
      if (!check.ok) throw new Error(check.reason);
      expect(check.payload).toMatchObject<Partial<DigestPayload>>({
        reason: f.name === 'audit.log' ? 'shutdown' : 'rotation',
        head: prev.hash,
        nextSeq: prev.seq + 1,
        fileRecords,
      });
      expect(check.kid).toBe('audit-test');
    }
    expect(prev.seq).toBe(29);
    const result = await verifyAuditLog(files, { jwks: signer.jwks, now: new Date() });
    expect(result).toMatchObject({ intact: true, records: 30, files: files.length, notes: [] });
  });

  it('refuses digests that do not verify with the JWKS: another key under the kid, or an unknown kid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-chain-key-'));
    await writeLog(join(dir, 'audit.log'), 3);
    const { files } = await logFilesIn(dir);
    const sameKid = await verifyAuditLog(files, { jwks: testKey('audit-test').jwks, now: new Date() });
    expect(sameKid).toEqual({
      intact: false,
      file: 'audit.log',
      line: 4,
      problem: expect.stringMatching(/does not verify/),
    });
    const otherKid = await verifyAuditLog(files, { jwks: testKey('other').jwks, now: new Date() });
    expect(otherKid).toEqual({
      intact: false,
      file: 'audit.log',
      line: 4,
      problem: expect.stringMatching(/not in the JWKS/),
    });
  });

  it('continues the chain after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-chain-restart-'));
    const path = join(dir, 'audit.log');
    await writeLog(path, 3, { maxSizeBytes: 1 << 20 });
    await writeLog(path, 2, { maxSizeBytes: 1 << 20, first: 3 });
    const seqs = linesOf(path)
      .filter((l) => !isDigest(l))
      .map((l) => parse(l).seq);
    expect(seqs).toEqual([0, 1, 2, 3, 4]);
    const { files } = await logFilesIn(dir);
    expect(await verifyAuditLog(files, { jwks: signer.jwks, now: new Date() })).toMatchObject({
      intact: true,
      records: 5,
      digests: 2,
    });
  });

  it('writes a digest every interval while records come, none while idle', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-chain-interval-'));
    const path = join(dir, 'audit.log');
    const log = logBackend({ path, signingKey: () => signer.key, digestIntervalSeconds: 1 });
    await log.process([sampleRecord({ auditID: 'a' })]);
    await new Promise((r) => setTimeout(r, 1300));
    const afterOne = linesOf(path);
    expect(afterOne.map(isDigest)).toEqual([false, true]);
    await new Promise((r) => setTimeout(r, 1100));
    expect(linesOf(path)).toEqual(afterOne);
    await log.shutdown?.();
    expect(linesOf(path)).toEqual(afterOne);
  }, 10_000);
});

describe('a digest that cannot be signed', () => {
  it('is reported and skipped; the records are written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-chain-nokey-'));
    const path = join(dir, 'audit.log');
    const errors: unknown[] = [];
    const log = logBackend({
      path,
      maxSizeBytes: 4096,
      signingKey: () => {
        throw new Error('no active token signing key');
      },
      onDigestError: (err) => errors.push(err),
    });
    for (let i = 0; i < 12; i++) await log.process([sampleRecord({ auditID: id(i) })]);
    await log.shutdown?.();
    const { files } = await logFilesIn(dir);
    const records = files.flatMap((f) => linesOf(join(dir, f.name))).filter((l) => !isDigest(l));
    expect(records.map((l) => parse(l).auditID)).toEqual(Array.from({ length: 12 }, (_, i) => id(i)));
    expect(files.length).toBeGreaterThan(1);
    expect(errors.length).toBe(files.length);
    expect(String(errors[0])).toContain('no active token signing key');
  });
});
