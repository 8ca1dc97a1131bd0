import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logFilesIn } from './verify-files.js';

function dirWith(names: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'audit-files-'));
  for (const n of names) writeFileSync(join(dir, n), `${n}\n`);
  return dir;
}

describe('logFilesIn', () => {
  it('orders a log oldest first, as rotation numbers it, and reads each file on demand', async () => {
    const dir = dirWith(['audit.log', 'audit.log.10', 'audit.log.2', 'audit.log.1', 'policy.yaml']);
    const { files, missing } = await logFilesIn(dir);
    expect(files.map((f) => f.name)).toEqual(['audit.log.10', 'audit.log.2', 'audit.log.1', 'audit.log']);
    expect(missing).toEqual([
      'audit.log.9',
      'audit.log.8',
      'audit.log.7',
      'audit.log.6',
      'audit.log.5',
      'audit.log.4',
      'audit.log.3',
    ]);
    expect(await files[0]?.read()).toBe('audit.log.10\n');
  });

  it('takes the log of a file given, and refuses a directory with none or several', async () => {
    const dir = dirWith(['audit.log', 'audit.log.1', 'other.log']);
    expect((await logFilesIn(join(dir, 'audit.log.1'))).files.map((f) => f.name)).toEqual([
      'audit.log.1',
      'audit.log',
    ]);
    await expect(logFilesIn(dir)).rejects.toThrow(/several audit logs .*\(audit.log, other.log\)/);
    await expect(logFilesIn(dirWith(['notes.txt']))).rejects.toThrow(/no audit log in/);
  });
});
