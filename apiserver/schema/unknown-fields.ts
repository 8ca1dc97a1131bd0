/**
 * What kube-apiserver does with the unknown-field paths pruning reports, per fieldValidation:
 * Strict → 400 BadRequest `strict decoding error: unknown field "spec.colour", unknown field ...`;
 * Warn → one `Warning: 299 - "unknown field \"spec.colour\""` header per field; Ignore → nothing.
 *
 * Warning headers follow apiserver's warning recorder: empty and repeated texts are dropped, a
 * text with control characters is dropped, and once the texts exceed 4096 runes in total every
 * warning is cut to 256 runes and later ones are dropped.
 */
import { codePoints } from '../validation/json.js';
import type { FieldValidation } from './types.js';

/** The text kube gives one unknown field: `unknown field "spec.colour"`. */
export const unknownFieldText = (path: string): string => `unknown field "${path}"`;

/** The BadRequest message under fieldValidation=Strict. */
export function strictDecodingMessage(paths: readonly string[]): string {
  return `strict decoding error: ${paths.map(unknownFieldText).join(', ')}`;
}

/** apiserver's limits: 4096 runes of warnings in total, then 256 runes per warning. */
export const WARNING_LIMITS = { total: 4 * 1024, item: 256 } as const;

function headerFor(text: string): string | undefined {
  if (/\p{Cc}/u.test(text)) return undefined;
  const quoted = text.replace(/["\\]/g, '\\$&');
  // Node writes header strings as latin1: pass the UTF-8 bytes so the wire matches Go's.
  return Buffer.from(`299 - "${quoted}"`, 'utf8').toString('latin1');
}

const runes = codePoints;

/**
 * `Warning` header values for the given texts, ready for `res.setHeader('Warning', values)` (the
 * values are UTF-8 bytes in latin1 strings, so any text is header-safe).
 */
export function warningHeaderValues(
  texts: readonly string[],
  limits: { readonly total: number; readonly item: number } = WARNING_LIMITS,
): string[] {
  const ordered: string[] = [];
  const seen = new Set<string>();
  let headers: string[] = [];
  let written = 0;
  let truncating = false;
  for (const text of texts) {
    if (text === '' || (written >= limits.total && truncating) || seen.has(text)) continue;
    seen.add(text);
    ordered.push(text);
    let r = runes(text);
    if (truncating && r.length > limits.item) r = r.slice(0, limits.item);
    const header = headerFor(r.join(''));
    if (header === undefined) continue;
    if (written + r.length <= limits.total || truncating) {
      written += r.length;
      headers.push(header);
      continue;
    }
    truncating = true;
    written = 0;
    headers = [];
    for (const t of ordered) {
      const cut = runes(t).slice(0, limits.item);
      const h = headerFor(cut.join(''));
      if (h === undefined) continue;
      written += cut.length;
      headers.push(h);
    }
  }
  return headers;
}

/** The outcome of unknown fields under a fieldValidation directive. */
export interface UnknownFieldsOutcome {
  /** set under Strict when there are unknown fields: the BadRequest message */
  readonly badRequest?: string;
  /** warning texts under Warn (turn into headers with warningHeaderValues) */
  readonly warnings: readonly string[];
}

export function unknownFieldsOutcome(paths: readonly string[], mode: FieldValidation): UnknownFieldsOutcome {
  if (paths.length === 0 || mode === 'Ignore') return { warnings: [] };
  if (mode === 'Strict') return { badRequest: strictDecodingMessage(paths), warnings: [] };
  return { warnings: paths.map(unknownFieldText) };
}
