// Fails (exit 1) on any import cycle in product code: between files, and between sibling folders
// (folder A importing folder B while B imports A, where A and B share a parent). Tests and test
// support (`*.test.ts`, `test/`) are not read. Type-only imports count: a cycle of types is still a
// knot a reader has to untie. Run by `make lint`.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

const ROOTS = ['api', 'apiserver', 'controllers', 'cmd', 'console/src'];
const root = resolve(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The source file of an import: `x.js` is `x.ts`; the console imports `x` for `x.ts` or `x.tsx`. */
function sourceOf(target: string): string {
  if (target.endsWith('.js')) return target.replace(/\.js$/, '.ts');
  return [`${target}.ts`, `${target}.tsx`].find((f) => existsSync(f)) ?? target;
}

/** Project-relative paths of the files `file` imports (relative specifiers only). */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles
    .map((ref) => ref.fileName)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => relative(root, sourceOf(resolve(dirname(file), spec))));
}

/** Every strongly connected component with more than one member (Tarjan). */
function cycles(graph: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node) ?? 0);
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0));
      } else if (stack.includes(next)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(next) ?? 0));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
      component.push(member);
      if (member === node) break;
    }
    if (component.length > 1) found.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

function addEdge(graph: Map<string, Set<string>>, from: string, to: string): void {
  const edges = graph.get(from) ?? new Set<string>();
  edges.add(to);
  graph.set(from, edges);
}

/** The two sibling folders an import crosses between, or undefined if it stays within one. */
function siblingFolders(from: string, to: string): [string, string] | undefined {
  const a = dirname(from).split(sep);
  const b = dirname(to).split(sep);
  let shared = 0;
  while (shared < a.length && shared < b.length && a[shared] === b[shared]) shared++;
  if (shared >= a.length || shared >= b.length) return undefined; // one folder contains the other
  return [a.slice(0, shared + 1).join('/'), b.slice(0, shared + 1).join('/')];
}

const files = new Map<string, Set<string>>();
const folders = new Map<string, Set<string>>();
for (const file of ROOTS.flatMap((dir) => sourceFiles(join(root, dir)))) {
  const from = relative(root, file);
  files.set(from, files.get(from) ?? new Set());
  for (const to of importsOf(file)) {
    if (to.endsWith('.test.ts') || to.startsWith(`test${sep}`)) continue;
    addEdge(files, from, to);
    const crossing = siblingFolders(from, to);
    if (crossing) addEdge(folders, crossing[0], crossing[1]);
  }
}

const failures = [
  ...cycles(files).map((c) => `file cycle: ${c.join(' <-> ')}`),
  ...cycles(folders).map((c) => `folder cycle: ${c.join(' <-> ')}`),
];
for (const line of failures) console.error(line);
if (failures.length > 0) process.exit(1);
console.log(`no import cycles in ${files.size} files`);
