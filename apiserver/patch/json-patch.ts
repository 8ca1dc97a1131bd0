/**
 * RFC 6902 JSON patch on fast-json-patch, with the checks kube's json-patch library makes and its
 * messages (`jsonpatch replace operation does not apply: doc is missing key: /spec/x`). Paths
 * resolve through own properties only; "__proto__" and "constructor/prototype" paths are refused.
 * The input document and operations are never mutated; only PatchError is thrown: 400 for a body
 * that is not a list of operations, 413 for too many operations, 422 for an operation that does
 * not apply.
 */
import jsonpatch from 'fast-json-patch';
import { PatchError, badRequest, goJsonType, unprocessable } from './errors.js';
import { cloneJson } from './json.js';
import { type JsonObject, isObject, jsonEqual } from '../../api/json.js';

export interface JsonPatchOptions {
  /** kube's maxJSONPatchOperations */
  readonly maxOperations?: number;
  /** cap on the bytes (JSON text) all copy operations may add, as kube's AccumulatedCopySizeLimit */
  readonly maxCopyBytes?: number;
}

export const DEFAULT_MAX_OPERATIONS = 10000;
export const DEFAULT_MAX_COPY_BYTES = 3 * 3 * 1024 * 1024;

type OpName = 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
const OP_NAMES: ReadonlySet<string> = new Set<OpName>(['add', 'remove', 'replace', 'move', 'copy', 'test']);

interface Op {
  readonly op: OpName;
  readonly path: string;
  readonly tokens: readonly string[] | undefined; // undefined: not a JSON pointer
  readonly from: string;
  readonly fromTokens: readonly string[] | undefined;
  readonly value: unknown;
}

const notApply = (op: OpName, detail: string): PatchError =>
  unprocessable(`jsonpatch ${op} operation does not apply: ${detail}`);

function pointerTokens(op: OpName, pointer: string): string[] | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return undefined;
  const tokens = pointer
    .slice(1)
    .split('/')
    .map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
  tokens.forEach((t, i) => {
    if (t === '__proto__' || (t === 'prototype' && tokens[i - 1] === 'constructor')) {
      throw notApply(op, `path "${pointer}" is not allowed`);
    }
  });
  return tokens;
}

const ownString = (raw: JsonObject, key: string): string | undefined => {
  const v = Object.hasOwn(raw, key) ? raw[key] : undefined;
  return typeof v === 'string' ? v : undefined;
};

function decodeOp(raw: unknown): Op {
  if (!isObject(raw))
    throw badRequest(`json: cannot unmarshal ${goJsonType(raw)} into Go value of type jsonpatch.Operation`);
  const name = ownString(raw, 'op') ?? 'unknown';
  if (!OP_NAMES.has(name)) throw unprocessable(`Unexpected kind: ${name}`);
  const op = name as OpName;
  const path = ownString(raw, 'path');
  if (path === undefined) throw unprocessable(`${op} operation failed to decode path`);
  const needsFrom = op === 'move' || op === 'copy';
  const from = needsFrom ? ownString(raw, 'from') : '';
  if (from === undefined) throw unprocessable(`${op} operation failed to decode from`);
  const needsValue = op === 'add' || op === 'replace' || op === 'test';
  const value = Object.hasOwn(raw, 'value') ? raw['value'] : undefined;
  if (needsValue && value === undefined) throw notApply(op, 'the operation has no value');
  return {
    op,
    path,
    tokens: pointerTokens(op, path),
    from,
    fromTokens: pointerTokens(op, from),
    value: needsValue ? cloneJson(value) : undefined,
  };
}

type Container = JsonObject | unknown[];

/** RFC 6901 array index: "0" or no leading zero; "-" (one past the end) only where allowed. */
function arrayIndex(arr: readonly unknown[], token: string, allowEnd: boolean): number | undefined {
  if (allowEnd && token === '-') return arr.length;
  if (!/^(0|[1-9]\d*)$/.test(token)) return undefined;
  const i = Number(token);
  return i < arr.length || (allowEnd && i === arr.length) ? i : undefined;
}

function child(c: unknown, token: string): { found: boolean; value: unknown } {
  if (Array.isArray(c)) {
    const i = arrayIndex(c, token, false);
    return i === undefined ? { found: false, value: undefined } : { found: true, value: c[i] };
  }
  if (isObject(c) && Object.hasOwn(c, token)) return { found: true, value: c[token] };
  return { found: false, value: undefined };
}

/** The container holding the pointer's last token, or undefined when the path to it is missing. */
function parentOf(doc: unknown, tokens: readonly string[]): Container | undefined {
  let cur: unknown = doc;
  for (const token of tokens.slice(0, -1)) {
    const next = child(cur, token);
    if (!next.found) return undefined;
    cur = next.value;
  }
  return Array.isArray(cur) || isObject(cur) ? cur : undefined;
}

const lastToken = (tokens: readonly string[]): string => tokens[tokens.length - 1] ?? '';

/** The value at a pointer, if present. */
function valueAt(doc: unknown, tokens: readonly string[] | undefined): { found: boolean; value: unknown } {
  if (tokens === undefined) return { found: false, value: undefined };
  if (tokens.length === 0) return { found: true, value: doc };
  const parent = parentOf(doc, tokens);
  return parent === undefined ? { found: false, value: undefined } : child(parent, lastToken(tokens));
}

/** Applies one primitive operation through fast-json-patch; `doc` is our own working copy. */
function fjp(doc: unknown, op: 'add' | 'remove' | 'replace', path: string, value?: unknown): unknown {
  const operation = op === 'remove' ? { op, path } : { op, path, value };
  return jsonpatch.applyOperation(doc, operation, true, true, true).newDocument;
}

/** add (or the add half of move/copy): the parent must exist, an array index must be in range. */
function add(doc: unknown, op: Op, value: unknown, missing: string): unknown {
  const tokens = op.tokens;
  if (tokens !== undefined && tokens.length === 0) return value;
  const parent = tokens === undefined ? undefined : parentOf(doc, tokens);
  if (tokens === undefined || parent === undefined) throw notApply(op.op, missing);
  const key = lastToken(tokens);
  if (Array.isArray(parent) && arrayIndex(parent, key, true) === undefined) {
    throw unprocessable(
      `error in ${op.op} for path: '${op.path}': Unable to access invalid index: ${key}: invalid index referenced`,
    );
  }
  return fjp(doc, 'add', op.path, value);
}

function remove(doc: unknown, op: Op, missing: string): unknown {
  if (op.tokens?.length === 0 || !valueAt(doc, op.tokens).found) throw notApply(op.op, missing);
  return fjp(doc, 'remove', op.op === 'remove' ? op.path : op.from);
}

function replace(doc: unknown, op: Op): unknown {
  if (op.tokens?.length === 0) return op.value;
  const parent = op.tokens === undefined ? undefined : parentOf(doc, op.tokens);
  if (parent === undefined) throw notApply('replace', `doc is missing path: ${op.path}`);
  if (!valueAt(doc, op.tokens).found) throw notApply('replace', `doc is missing key: ${op.path}`);
  return fjp(doc, 'replace', op.path, op.value);
}

function test(doc: unknown, op: Op): unknown {
  if (op.tokens === undefined || (op.tokens.length > 0 && parentOf(doc, op.tokens) === undefined)) {
    throw notApply('test', `is missing path: ${op.path}`);
  }
  const at = valueAt(doc, op.tokens);
  if (!at.found || !jsonEqual(at.value, op.value))
    throw unprocessable(`testing value ${op.path} failed: test failed`);
  return doc;
}

function move(doc: unknown, op: Op): unknown {
  const source = valueAt(doc, op.fromTokens);
  if (!source.found) throw notApply('move', `doc is missing from path: ${op.from}`);
  if (op.from === op.path) return doc;
  if (op.path.startsWith(`${op.from}/`) || op.from === '') {
    throw notApply('move', `cannot move "${op.from}" into its own child "${op.path}"`);
  }
  const removed = remove(doc, { ...op, tokens: op.fromTokens }, `doc is missing from path: ${op.from}`);
  return add(removed, op, source.value, `doc is missing destination path: ${op.path}`);
}

interface CopyBudget {
  used: number;
  readonly limit: number;
}

function copy(doc: unknown, op: Op, budget: CopyBudget): unknown {
  const source = valueAt(doc, op.fromTokens);
  if (!source.found) throw notApply('copy', `doc is missing from path: ${op.from}`);
  budget.used += JSON.stringify(source.value).length;
  if (budget.used > budget.limit) {
    throw unprocessable(
      `Unable to complete the copy, the accumulated size increase of copy is ${budget.used}, exceeding the limit ${budget.limit}`,
    );
  }
  return add(doc, op, cloneJson(source.value), `doc is missing destination path: ${op.path}`);
}

function applyOne(doc: unknown, op: Op, budget: CopyBudget): unknown {
  switch (op.op) {
    case 'add':
      return add(doc, op, op.value, `doc is missing path: "${op.path}"`);
    case 'remove':
      return remove(doc, op, `doc is missing path: "${op.path}"`);
    case 'replace':
      return replace(doc, op);
    case 'test':
      return test(doc, op);
    case 'move':
      return move(doc, op);
    case 'copy':
      return copy(doc, op, budget);
  }
}

/** Applies an RFC 6902 patch (the parsed request body) to a copy of target and returns it. */
export function jsonPatch(target: unknown, ops: unknown, options: JsonPatchOptions = {}): unknown {
  const maxOps = options.maxOperations ?? DEFAULT_MAX_OPERATIONS;
  if (ops === null) return cloneJson(target); // Go decodes null as an empty patch
  if (!Array.isArray(ops)) {
    throw badRequest(`json: cannot unmarshal ${goJsonType(ops)} into Go value of type jsonpatch.Patch`);
  }
  if (ops.length > maxOps) {
    throw new PatchError(
      413,
      `The allowed maximum operations in a JSON patch is ${maxOps}, got ${ops.length}`,
    );
  }
  const decoded = ops.map(decodeOp);
  const budget: CopyBudget = { used: 0, limit: options.maxCopyBytes ?? DEFAULT_MAX_COPY_BYTES };
  try {
    return decoded.reduce<unknown>((doc, op) => applyOne(doc, op, budget), cloneJson(target));
  } catch (err) {
    if (err instanceof PatchError) throw err;
    throw unprocessable(
      `unable to apply the JSON patch: ${err instanceof Error ? err.message : 'unknown error'}`,
    );
  }
}
