import { describe, expect, it } from '@jest/globals';
import { hashPassword, passwordProblem, verifyPassword, type PasswordRecord } from './passwords.js';

const FAST = { N: 1024, r: 8, p: 1, keyLength: 32 };
const now = new Date('2025-01-01T00:00:00Z');

describe('password hashing', () => {
  it('stores scrypt parameters, a random salt and no password', async () => {
    const a = await hashPassword('correct horse battery', 'uid-1', now, FAST);
    const b = await hashPassword('correct horse battery', 'uid-1', now, FAST);
    expect(a).toMatchObject({ algorithm: 'scrypt', N: 1024, r: 8, p: 1, keyLength: 32, uid: 'uid-1' });
    expect(a.salt).not.toEqual(b.salt);
    expect(a.hash).not.toEqual(b.hash);
    expect(JSON.stringify(a)).not.toContain('correct horse');
  });

  it('verifies the right password only', async () => {
    const rec = await hashPassword('s3cret-pass', 'u', now, FAST);
    await expect(verifyPassword(rec, 's3cret-pass')).resolves.toBe(true);
    await expect(verifyPassword(rec, 's3cret-pasS')).resolves.toBe(false);
    await expect(verifyPassword(rec, '')).resolves.toBe(false);
  });

  it('refuses malformed or dangerous records instead of throwing', async () => {
    const rec = await hashPassword('s3cret-pass', 'u', now, FAST);
    const bad = (patch: Partial<PasswordRecord>): PasswordRecord => ({ ...rec, ...patch });
    await expect(verifyPassword(bad({ N: 1 << 30 }), 's3cret-pass')).resolves.toBe(false);
    await expect(verifyPassword(bad({ N: 1000 }), 's3cret-pass')).resolves.toBe(false);
    await expect(verifyPassword(bad({ hash: 'AAAA' }), 's3cret-pass')).resolves.toBe(false);
    await expect(verifyPassword(bad({ algorithm: 'md5' as 'scrypt' }), 's3cret-pass')).resolves.toBe(false);
  });

  it('explains a refused password without echoing it', () => {
    expect(passwordProblem(undefined)).toMatch(/Required value/);
    expect(passwordProblem('short1')).toMatch(/at least 8 characters/);
    expect(passwordProblem('short1')).not.toContain('short1');
    expect(passwordProblem('x'.repeat(2000))).toMatch(/no more than 1024 bytes/);
    expect(passwordProblem('long enough')).toBeUndefined();
  });
});
