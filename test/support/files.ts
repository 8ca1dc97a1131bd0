import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Whether any file under dir (recursively) holds text as bytes, like `grep -rqa`. */
export async function filesContain(dir: string, text: string): Promise<boolean> {
  const needle = Buffer.from(text, 'utf8');
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const data = await readFile(join(e.parentPath, e.name)).catch(() => undefined);
    if (data?.includes(needle)) return true;
  }
  return false;
}

/** Poll until filesContain answers `expected` (a store may flush its files a little later). */
export async function eventuallyContains(
  dir: string,
  text: string,
  expected: boolean,
  ms = 5000,
): Promise<boolean> {
  const until = Date.now() + ms;
  for (;;) {
    const found = await filesContain(dir, text);
    if (found === expected || Date.now() > until) return found;
    await new Promise((r) => setTimeout(r, 200));
  }
}
