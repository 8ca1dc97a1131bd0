/**
 * Writes crds/<group>_<plural>.yaml for every orgplane kind from api/.
 * Usage: npx tsx hack/gen-crds.ts [OUT_DIR]   (OUT_DIR defaults to crds/ of the repository)
 * Stale `<group>_*.yaml` files of the generated groups are removed from OUT_DIR.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { orgplaneCRDs } from '../api/orgplane.js';
import { crdFiles } from './crd-files.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = resolve(process.argv[2] ?? join(root, 'crds'));

try {
  mkdirSync(outDir, { recursive: true });
  const files = crdFiles(orgplaneCRDs);
  const written = new Set(files.map((f) => f.name));
  const prefixes = [...new Set(orgplaneCRDs.map((c) => `${c.spec.group}_`))];
  for (const name of readdirSync(outDir)) {
    if (name.endsWith('.yaml') && prefixes.some((p) => name.startsWith(p)) && !written.has(name)) {
      rmSync(join(outDir, name));
    }
  }
  for (const f of files) writeFileSync(join(outDir, f.name), f.content);
  console.log(`gen-crds: wrote ${files.length} CRDs to ${outDir}`);
} catch (err) {
  console.error(`gen-crds: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
