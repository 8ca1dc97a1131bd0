/**
 * Storage stays behind the registry: no product file outside apiserver/registry/, cache/ and
 * storage/ writes through the storage interface (the composition root opens it, the compactor
 * maintains it and the health check pings it; none of them writes a key).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const apiserver = join(dirname(fileURLToPath(import.meta.url)), '..');
const root = join(apiserver, '..');
const OWNERS = ['registry', 'cache', 'storage'].map((d) => join(apiserver, d) + '/');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return f.endsWith('.ts') && !f.endsWith('.test.ts') ? [p] : [];
  });
}

const WRITE = /\bstorage\s*\.\s*(txn|create|delete|put|grantLease|revokeLease)\s*\(/i;
/** a Storage decorator: forwards every verb to the wrapped storage, writes nothing of its own */
const DECORATORS = new Set(['apiserver/observability/instrumented-storage.ts']);

describe('the storage boundary', () => {
  const files = [...sources(apiserver), ...sources(join(root, 'cmd'))]
    .filter((f) => !OWNERS.some((o) => f.startsWith(o)))
    .map((f) => relative(root, f))
    .filter((f) => !DECORATORS.has(f));

  it('finds the product sources', () => {
    expect(files).toContain('apiserver/audit/object-backend.ts');
    expect(files).toContain('apiserver/authn/signing-keys.ts');
  });

  it.each(files)('%s writes no storage key', (file) => {
    expect(readFileSync(join(root, file), 'utf8')).not.toMatch(WRITE);
  });

  it('the pattern catches a write', () => {
    expect('await this.opts.storage.txn({').toMatch(WRITE);
    expect('await deps.storage.create(key, v)').toMatch(WRITE);
    expect('await this.storage.currentRevision()').not.toMatch(WRITE);
  });
});
