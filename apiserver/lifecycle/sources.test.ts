/**
 * The lifecycle loops reach objects only through the registry (registry/system.ts SystemClient): no file
 * here but the compactor (storage maintenance, no object writes) imports the storage layer or
 * reaches the registry's storage.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const dir = dirname(fileURLToPath(import.meta.url));
const MAINTENANCE = new Set(['compactor.ts']);

describe('apiserver/lifecycle sources', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

  it.each(files.filter((f) => !MAINTENANCE.has(f)))('%s touches no storage', (file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    expect(text).not.toMatch(/from '\.\.\/storage\//);
    expect(text).not.toMatch(/\bstorage\.(txn|delete|create|put|get|list|watch)\(/);
    expect(text).not.toMatch(/deps\.storage/);
  });
});
