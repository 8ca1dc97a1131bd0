import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { BackupError, decodeBackup, encodeBackup, FORMAT_VERSION, type BackupEntry } from './format.js';

const entryArb: fc.Arbitrary<BackupEntry> = fc.oneof(
  fc.record({ key: fc.string().map((s) => `/registry/${s}`), value: fc.string() }),
  fc.record({
    key: fc.string().map((s) => `/orgplane/${s}`),
    value: fc.string({ unit: 'grapheme' }),
    lease: fc.integer({ min: 1, max: 1e9 }),
  }),
);
const entriesArb = fc.array(entryArb, { maxLength: 20 });

async function encode(entries: readonly BackupEntry[], revision = 7): Promise<string> {
  let text = '';
  const header = { revision, objects: entries.length, store: 'embedded', createdAt: '2026-01-01T00:00:00Z' };
  for await (const line of encodeBackup(header, entries)) text += line;
  return text;
}

/** What decodeBackup yields for a file's text, or the BackupError it throws. */
async function decode(text: string): Promise<{ items: unknown[] } | { error: string }> {
  const items: unknown[] = [];
  try {
    for await (const item of decodeBackup(text.split('\n'))) items.push(item);
    return { items };
  } catch (err) {
    if (err instanceof BackupError) return { error: err.message };
    throw err;
  }
}

describe('the backup format', () => {
  test.prop([entriesArb, fc.nat()], { seed: 20261206, numRuns: 200 })(
    'reads back the header and every entry written',
    async (entries, revision) => {
      const got = await decode(await encode(entries, revision));
      expect(got).toEqual({
        items: [
          expect.objectContaining({ format: 'orgplane-backup', revision, objects: entries.length }),
          ...entries,
        ],
      });
    },
  );

  test.prop([entriesArb, fc.nat(), fc.nat()], { seed: 1206, numRuns: 200 })(
    'refuses the file cut anywhere before its end',
    async (entries, at, revision) => {
      const text = await encode(entries, revision);
      const cut = at % (text.length - 1);
      const got = await decode(text.slice(0, cut));
      expect(got).toEqual({ error: expect.stringMatching(/^backup is (truncated|corrupted|empty)/) });
    },
  );

  test.prop([entriesArb.filter((e) => e.length > 0), fc.nat(), fc.integer({ min: 1, max: 255 })], {
    seed: 4242,
    numRuns: 200,
  })('refuses any byte changed in an entry or the trailer', async (entries, at, delta) => {
    const text = Buffer.from(await encode(entries), 'utf8');
    const headerEnd = text.indexOf(0x0a) + 1;
    const pos = headerEnd + (at % (text.length - 1 - headerEnd));
    const bad = Buffer.from(text);
    bad[pos] = ((bad[pos] ?? 0) + delta) % 256;
    const got = await decode(bad.toString('utf8'));
    expect(got).toEqual({ error: expect.stringMatching(/^backup is (truncated|corrupted)/) });
  });

  it('refuses a newer format version, naming both versions', async () => {
    const text = (await encode([{ key: '/registry/a', value: '{}' }])).replace(
      `"version":${FORMAT_VERSION}`,
      `"version":${FORMAT_VERSION + 1}`,
    );
    expect(await decode(text)).toEqual({
      error: `backup format version ${FORMAT_VERSION + 1} is newer than this orgplane reads (${FORMAT_VERSION}): use a newer orgplane`,
    });
  });

  it('refuses a file that is no backup, and an empty one', async () => {
    expect(await decode('{"kind":"List"}\n')).toEqual({
      error: 'not an orgplane backup (the first line is no backup header)',
    });
    expect(await decode('')).toEqual({ error: 'backup is empty' });
  });

  it('refuses an entry added after the trailer', async () => {
    const text = `${await encode([])}{"key":"/registry/x","value":"{}"}\n`;
    expect(await decode(text)).toEqual({ error: 'backup is corrupted: line 3 follows the trailer' });
  });
});
