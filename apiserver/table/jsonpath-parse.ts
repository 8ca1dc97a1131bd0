/**
 * Parser for kube's JSONPath dialect (client-go util/jsonpath) as used by printer columns:
 * `.spec.model`, `.metadata.labels.app\.kubernetes\.io/name`, `['key']`, `[0]`, `[-1]`, `[1:3]`,
 * `[*]`, `.*`, `..name`, unions `[0,2]`, and filters `[?(@.type=="Ready")]` with `== != < > <= >=`
 * or a bare path (exists). An optional surrounding `{...}` and leading `$`/`@` are accepted.
 */

export type FilterOp = '==' | '!=' | '<' | '>' | '<=' | '>=';

export type Operand =
  | { readonly t: 'literal'; readonly value: string | number | boolean }
  | { readonly t: 'path'; readonly fromRoot: boolean; readonly steps: readonly Step[] };

export type Step =
  | { readonly t: 'field'; readonly name: string }
  | { readonly t: 'wildcard' }
  | { readonly t: 'recursive' }
  | { readonly t: 'index'; readonly index: number }
  | { readonly t: 'slice'; readonly start?: number; readonly end?: number; readonly step?: number }
  | { readonly t: 'union'; readonly branches: readonly Step[] }
  | { readonly t: 'filter'; readonly left: readonly Step[]; readonly op: FilterOp; readonly right: Operand }
  | { readonly t: 'exists'; readonly left: readonly Step[] };

export type ParseResult = { readonly steps: readonly Step[] } | { readonly error: string };

const TERMINATORS = new Set(['.', '[', ']', ',', '$', '@', '{', '}', ' ', '\t', '\r', '\n']);
const SLICE = /^(-?\d*)(?::(-?\d*))?(?::(-?\d*))?$/;
const COMPARISON = /^([^!<>=]+)(==|!=|<=|>=|<|>)(.+)$/;

class Cursor {
  pos = 0;
  constructor(readonly text: string) {}
  get done(): boolean {
    return this.pos >= this.text.length;
  }
  peek(offset = 0): string {
    return this.text.charAt(this.pos + offset);
  }
  startsWith(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }
}

function readField(c: Cursor): string {
  let name = '';
  while (!c.done && !TERMINATORS.has(c.peek())) {
    if (c.peek() === '\\' && c.pos + 1 < c.text.length) c.pos++;
    name += c.peek();
    c.pos++;
  }
  return name;
}

/** Index of the closing `]` (or of `)` followed by `]` for a filter), skipping quoted text. */
function closing(text: string, from: number, filter: boolean): number {
  let quote = '';
  for (let i = from; i < text.length; i++) {
    const ch = text.charAt(i);
    if (quote !== '') {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (!filter && ch === ']') return i;
    else if (filter && ch === ')' && text.charAt(i + 1) === ']') return i;
  }
  return -1;
}

function splitOutsideQuotes(text: string): string[] {
  const parts: string[] = [];
  let quote = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (quote !== '') {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === ',') {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function unquote(text: string): string | undefined {
  const q = text.charAt(0);
  if (text.length < 2 || (q !== '"' && q !== "'") || text.charAt(text.length - 1) !== q) return undefined;
  return text.slice(1, -1).replace(/\\(.)/g, '$1');
}

function parseBracketItem(raw: string): Step | undefined {
  const item = raw.trim();
  if (item === '*') return { t: 'wildcard' };
  const key = unquote(item);
  if (key !== undefined) return { t: 'field', name: key };
  const m = item === '' ? null : SLICE.exec(item);
  if (!m) return undefined;
  const [, a = '', b, c] = m;
  const num = (s: string | undefined): number | undefined =>
    s === undefined || s === '' ? undefined : Number(s);
  if (b === undefined && c === undefined) return a === '' ? undefined : { t: 'index', index: Number(a) };
  const start = num(a);
  const end = num(b);
  const step = num(c);
  return {
    t: 'slice',
    ...(start !== undefined && { start }),
    ...(end !== undefined && { end }),
    ...(step !== undefined && { step }),
  };
}

function parseOperand(raw: string): Operand | undefined {
  const text = raw.trim();
  const str = unquote(text);
  if (str !== undefined) return { t: 'literal', value: str };
  if (text === 'true' || text === 'false') return { t: 'literal', value: text === 'true' };
  if (/^[+-]?\d+(\.\d+)?$/.test(text)) return { t: 'literal', value: Number(text) };
  if (text.startsWith('@') || text.startsWith('$')) {
    const r = parseJSONPath(text);
    return 'steps' in r ? { t: 'path', fromRoot: text.startsWith('$'), steps: r.steps } : undefined;
  }
  return undefined;
}

function parseFilter(expr: string): Step | undefined {
  const m = COMPARISON.exec(expr);
  if (!m && /[!<>=]/.test(expr)) return undefined;
  const leftText = (m ? (m[1] ?? '') : expr).trim();
  if (!leftText.startsWith('@') && !leftText.startsWith('$')) return undefined;
  const left = parseJSONPath(leftText);
  if (!('steps' in left)) return undefined;
  if (!m) return { t: 'exists', left: left.steps };
  const right = parseOperand(m[3] ?? '');
  return right ? { t: 'filter', left: left.steps, op: m[2] as FilterOp, right } : undefined;
}

/** Parses the bracket at the cursor (on `[`) into a step and moves past it. */
function parseBracket(c: Cursor): Step | string {
  if (c.startsWith('[?(')) {
    const end = closing(c.text, c.pos + 3, true);
    if (end < 0) return 'unterminated filter';
    const step = parseFilter(c.text.slice(c.pos + 3, end));
    c.pos = end + 2;
    return step ?? 'invalid filter';
  }
  const end = closing(c.text, c.pos + 1, false);
  if (end < 0) return 'unterminated array';
  const inner = c.text.slice(c.pos + 1, end);
  c.pos = end + 1;
  const parts = splitOutsideQuotes(inner);
  const steps = parts.map(parseBracketItem);
  if (steps.some((s) => s === undefined)) return `invalid array index ${inner}`;
  const defined = steps.filter((s): s is Step => s !== undefined);
  return defined.length === 1 && defined[0] ? defined[0] : { t: 'union', branches: defined };
}

/** One step after a `.` (field or `*`), or a bracket; a string is a parse error. */
function parseStep(c: Cursor): Step | string {
  if (c.peek() === '[') return parseBracket(c);
  if (c.peek() === '*') {
    c.pos++;
    return { t: 'wildcard' };
  }
  const name = readField(c);
  return name === '' ? `unexpected ${JSON.stringify(c.peek())} at ${c.pos}` : { t: 'field', name };
}

function parseSteps(c: Cursor): Step[] | string {
  const steps: Step[] = [];
  while (!c.done) {
    if (c.startsWith('..')) {
      c.pos += 2;
      steps.push({ t: 'recursive' });
    } else if (c.peek() === '.') {
      c.pos++;
      if (c.peek() === '[') continue;
    } else if (c.peek() !== '[' && steps.length > 0) {
      return `unexpected ${JSON.stringify(c.peek())} at ${c.pos}`;
    }
    const step = parseStep(c);
    if (typeof step === 'string') return step;
    steps.push(step);
  }
  return steps;
}

/** Parses a JSONPath expression; never throws. */
export function parseJSONPath(expression: string): ParseResult {
  let text = expression.trim();
  if (text.startsWith('{') && text.endsWith('}')) text = text.slice(1, -1).trim();
  if (text.startsWith('$') || text.startsWith('@')) text = text.slice(1);
  const steps = parseSteps(new Cursor(text));
  return typeof steps === 'string' ? { error: steps } : { steps };
}
