/**
 * `pattern` is Go (RE2) syntax in kube. This runs it as a JavaScript RegExp (unicode mode) after
 * translating what JavaScript spells differently: leading flag groups `(?i)`/`(?s)`/`(?m)`, `\A`,
 * `\z`, `\Q..\E`, `(?P<name>`, `\x{..}`, one-letter classes `\pL`, POSIX classes `[[:alpha:]]`,
 * a leading `]` in a class, and escaped punctuation. Go's `\s` is ASCII (`[\t\n\f\r ]`) and so is
 * ours. Unlike RE2, a JavaScript regexp can backtrack exponentially on a pathological pattern;
 * patterns come from CRD authors, who already hold cluster-wide power. Compiled patterns are cached.
 */

const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

const JS_SYNTAX = new Set('^$\\.*+?()[]{}|/');
const escapeLiteral = (s: string): string => s.replace(/[\^$\\.*+?()[\]{}|/-]/g, (c) => `\\${c}`);

const OUTSIDE_CLASS: Readonly<Record<string, string>> = {
  s: '[\\t\\n\\f\\r ]',
  S: '[^\\t\\n\\f\\r ]',
  A: '^',
  z: '(?![\\s\\S])',
};
const INSIDE_CLASS: Readonly<Record<string, string>> = { s: '\\t\\n\\f\\r ' };

/** Escapes beyond the simple table: `\pL`, `\x{..}`, escaped punctuation, the rest as is. */
function otherEscape(src: string, i: number, n: string, inClass: boolean): [string, number] {
  const next = src[i + 2] ?? '';
  if ((n === 'p' || n === 'P') && /^[A-Za-z]$/.test(next)) return [`\\${n}{${next}}`, 3];
  const close = n === 'x' && next === '{' ? src.indexOf('}', i + 3) : -1;
  if (close > 0) return [`\\u{${src.slice(i + 3, close)}}`, close + 1 - i];
  const plainPunct = /^[!-/:-@[-`{-~]$/.test(n) && !JS_SYNTAX.has(n) && !(n === '-' && inClass);
  return plainPunct ? [n, 2] : [`\\${n}`, 2];
}

/** Translates the escape at src[i] (a backslash); returns the JS text and the characters used. */
function translateEscape(src: string, i: number, inClass: boolean): [string, number] {
  const n = src[i + 1];
  if (n === undefined) return ['\\\\', 1];
  if (n === 'Q') {
    const end = src.indexOf('\\E', i + 2);
    const stop = end < 0 ? src.length : end;
    return [escapeLiteral(src.slice(i + 2, stop)), (end < 0 ? stop : stop + 2) - i];
  }
  const simple = (inClass ? INSIDE_CLASS : OUTSIDE_CLASS)[n];
  return simple !== undefined ? [simple, 2] : otherEscape(src, i, n, inClass);
}

/** Opening `[`: a leading `]` is a literal in RE2 but closes an empty class in JavaScript. */
function openClass(src: string, i: number): [string, number] {
  const neg = src[i + 1] === '^' ? '^' : '';
  const literalClose = src[i + 1 + neg.length] === ']';
  return [`[${neg}${literalClose ? '\\]' : ''}`, 1 + neg.length + (literalClose ? 1 : 0)];
}

/** `[` inside a class: a POSIX class like `[:alpha:]`, else a literal bracket. */
function posixClass(src: string, i: number): [string, number] {
  const m = /^\[:([a-z]+):\]/.exec(src.slice(i, i + 12));
  const cls = m ? POSIX_CLASSES[m[1] ?? ''] : undefined;
  return m && cls !== undefined ? [cls, m[0].length] : ['\\[', 1];
}

function step(src: string, i: number, inClass: boolean): [string, number, boolean] {
  const c = src[i] ?? '';
  if (c === '\\') return [...translateEscape(src, i, inClass), inClass];
  if (inClass) {
    if (c === '[') return [...posixClass(src, i), true];
    return [c, 1, c !== ']'];
  }
  if (c === '[') return [...openClass(src, i), true];
  return src.startsWith('(?P<', i) ? ['(?<', 4, false] : [c, 1, false];
}

/** Rewrites RE2-only syntax into JavaScript syntax; returns the source and the flags it implies. */
export function translateGoPattern(pattern: string): { source: string; flags: string } {
  const lead = /^\(\?([imsU]+)\)/.exec(pattern);
  const flags = lead ? [...new Set((lead[1] ?? '').replace(/U/g, ''))].join('') : '';
  const src = lead ? pattern.slice(lead[0].length) : pattern;
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length;) {
    const [text, used, nowInClass] = step(src, i, inClass);
    out += text;
    i += used;
    inClass = nowInClass;
  }
  return { source: out, flags };
}

type Compiled = { re: RegExp } | { error: string };

const CACHE_LIMIT = 500;
const cache = new Map<string, Compiled>();

function compile(pattern: string): Compiled {
  const { source, flags } = translateGoPattern(pattern);
  try {
    return { re: new RegExp(source, `${flags}u`) };
  } catch {
    try {
      return { re: new RegExp(source, flags) };
    } catch (err) {
      return { error: err instanceof Error ? err.message : String(err) };
    }
  }
}

/** Whether `value` matches the Go pattern (unanchored, as Go's MatchString); an error when it cannot compile. */
export function testPattern(pattern: string, value: string): boolean | { error: string } {
  let c = cache.get(pattern);
  if (c === undefined) {
    c = compile(pattern);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(pattern, c);
  }
  return 'error' in c ? c : c.re.test(value);
}
