/**
 * Manifest loading for `orgplane apply|diff`: files and directories (recursively, `.yaml/.yml/.json`,
 * sorted by path), multi-document YAML, `kind: List` expanded, and `-k DIR` kustomization directories
 * (their `resources:` entries and an optional `namespace:` override). A file that cannot be read or
 * parsed is an error naming the file; nothing is sent to the server before every file loads.
 */
import { isObject } from '../../api/json.js';
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { loadAll, load } from 'js-yaml';

/** One object from the files, with the file it came from. */
export interface Manifest {
  readonly file: string;
  readonly object: Record<string, unknown>;
}

const MANIFEST_EXT = new Set(['.yaml', '.yml', '.json']);

/** Every manifest file under PATH (a file is taken as is, whatever its extension). */
export async function manifestFiles(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => {
    throw new Error(`the path "${path}" does not exist`);
  });
  if (!info.isDirectory()) return [path];
  const entries = await readdir(path, { withFileTypes: true });
  const out: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = join(path, e.name);
    if (e.isDirectory()) out.push(...(await manifestFiles(full)));
    else if (MANIFEST_EXT.has(extname(e.name).toLowerCase())) out.push(full);
  }
  return out;
}

/** Parses one file's text into objects; `kind: List` items are expanded. Throws naming the file. */
export function parseManifests(file: string, text: string): Manifest[] {
  let docs: unknown[];
  try {
    docs = loadAll(text);
  } catch (err) {
    const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new Error(`error parsing ${file}: ${msg ?? ''}`);
  }
  const out: Manifest[] = [];
  for (const doc of docs) {
    if (doc === null || doc === undefined) continue;
    if (!isObject(doc)) throw new Error(`error parsing ${file}: a document is not an object`);
    if (doc.kind === 'List' && Array.isArray(doc.items)) {
      for (const item of doc.items) {
        if (!isObject(item)) throw new Error(`error parsing ${file}: a List item is not an object`);
        out.push(checked(file, item));
      }
    } else out.push(checked(file, doc));
  }
  return out;
}

function checked(file: string, object: Record<string, unknown>): Manifest {
  const meta = object.metadata;
  if (typeof object.apiVersion !== 'string' || object.apiVersion === '')
    throw new Error(`error validating ${file}: apiVersion not set`);
  if (typeof object.kind !== 'string' || object.kind === '')
    throw new Error(`error validating ${file}: kind not set`);
  if (!isObject(meta) || typeof meta.name !== 'string' || meta.name === '')
    throw new Error(`error validating ${file}: metadata.name not set`);
  return { file, object };
}

async function loadFile(file: string): Promise<Manifest[]> {
  const text = await readFile(file, 'utf8').catch((err: unknown) => {
    throw new Error(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  });
  return parseManifests(file, text);
}

/** The objects of a kustomization directory: its `resources:` (files or directories), `namespace:` applied. */
export async function loadKustomization(dir: string): Promise<Manifest[]> {
  const names = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
  let file: string | undefined;
  for (const n of names) if (await stat(join(dir, n)).catch(() => undefined)) file = join(dir, n);
  if (!file) throw new Error(`no kustomization.yaml in ${dir}`);
  let doc: unknown;
  try {
    doc = load(await readFile(file, 'utf8'));
  } catch (err) {
    throw new Error(
      `error parsing ${file}: ${err instanceof Error ? (err.message.split('\n')[0] ?? '') : ''}`,
    );
  }
  if (!isObject(doc)) throw new Error(`error parsing ${file}: not an object`);
  const resources = Array.isArray(doc.resources) ? doc.resources : [];
  const ns = typeof doc.namespace === 'string' ? doc.namespace : undefined;
  const out: Manifest[] = [];
  for (const r of resources) {
    if (typeof r !== 'string') throw new Error(`error parsing ${file}: resources entries must be paths`);
    const target = join(dir, r);
    const isDir = (await stat(target).catch(() => undefined))?.isDirectory() ?? false;
    const hasKust =
      isDir && (await stat(join(target, 'kustomization.yaml')).catch(() => undefined)) !== undefined;
    out.push(...(hasKust ? await loadKustomization(target) : await loadPaths([target])));
  }
  if (ns === undefined) return out;
  return out.map((m) => ({ ...m, object: withNamespace(m.object, ns) }));
}

function withNamespace(object: Record<string, unknown>, ns: string): Record<string, unknown> {
  const meta = isObject(object.metadata) ? object.metadata : {};
  if (object.kind === 'Namespace' || object.kind === 'Organization') return object;
  return { ...object, metadata: { ...meta, namespace: ns } };
}

/** Loads every object of every path (files or directories), in path order. */
export async function loadPaths(paths: readonly string[]): Promise<Manifest[]> {
  const out: Manifest[] = [];
  for (const p of paths) for (const f of await manifestFiles(p)) out.push(...(await loadFile(f)));
  return out;
}

/** The set of objects named by -f paths and -k directories; at least one path is required. */
export async function loadSources(
  files: readonly string[],
  kustomize: readonly string[],
): Promise<Manifest[]> {
  if (files.length === 0 && kustomize.length === 0) throw new Error('must specify one of -f and -k');
  const out = await loadPaths(files);
  for (const k of kustomize) out.push(...(await loadKustomization(k)));
  return out;
}

/** Absolute, sorted source paths: the identity of an apply set. */
export function sourcePaths(files: readonly string[], kustomize: readonly string[]): string[] {
  return [...files.map((f) => resolve(f)), ...kustomize.map((k) => `kustomize:${resolve(k)}`)].sort();
}
