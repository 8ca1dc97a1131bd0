import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import ts from 'typescript';

const root = resolve(import.meta.dirname, '..');

/** Every file `entry` reaches through its imports (static and dynamic), and the packages they name. */
function reach(entry: string): { files: Set<string>; packages: Map<string, string> } {
  const files = new Set<string>([entry]);
  const packages = new Map<string, string>();
  const queue = [entry];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const { fileName: spec } of ts.preProcessFile(readFileSync(file, 'utf8'), true, true)
      .importedFiles) {
      if (!spec.startsWith('.')) {
        if (!packages.has(spec)) packages.set(spec, relative(root, file));
        continue;
      }
      const target = resolve(dirname(file), spec).replace(/\.js$/, '.ts');
      if (!files.has(target)) {
        files.add(target);
        queue.push(target);
      }
    }
  }
  return { files, packages };
}

describe("`orgplane up`'s controllers", () => {
  it('load no Kubernetes client library (about 27 MiB of heap): their transport is in-process', () => {
    const { files, packages } = reach(resolve(root, 'cmd/up-controllers.ts'));
    expect(files.size).toBeGreaterThan(20);
    expect([...files].some((f) => f.endsWith('/controllers/runtime/in-process-exchange.ts'))).toBe(true);
    const kube = [...packages].filter(([p]) => p.startsWith('@kubernetes/client-node'));
    expect(kube).toEqual([]);
  });
});
