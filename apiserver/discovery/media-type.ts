/**
 * Accept header parsing shared by discovery, OpenAPI and Table negotiation. Media ranges come back
 * in preference order: by q (highest first), then concrete types before wildcards, otherwise in
 * the client's order. Ranges with q=0 or that cannot be parsed are dropped. Never throws.
 */

export interface MediaRange {
  /** lower-cased, e.g. "application" or "*" */
  readonly type: string;
  /** lower-cased, e.g. "json" or "*" */
  readonly subtype: string;
  /** parameters other than q; keys lower-cased, values unquoted (e.g. as, g, v, stream) */
  readonly params: Readonly<Record<string, string>>;
  readonly q: number;
}

function parseRange(text: string): MediaRange | undefined {
  const [full = '', ...rawParams] = text.split(';');
  const slash = full.indexOf('/');
  if (slash <= 0 || slash === full.length - 1) return undefined;
  const type = full.slice(0, slash).trim().toLowerCase();
  const subtype = full
    .slice(slash + 1)
    .trim()
    .toLowerCase();
  const params: Record<string, string> = {};
  let q = 1;
  for (const p of rawParams) {
    const eq = p.indexOf('=');
    if (eq <= 0) continue;
    const key = p.slice(0, eq).trim().toLowerCase();
    const value = p
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    if (key === 'q') {
      q = Number(value);
      if (!Number.isFinite(q) || q < 0 || q > 1) return undefined;
    } else {
      params[key] = value;
    }
  }
  return q > 0 ? { type, subtype, params, q } : undefined;
}

function wildcards(r: MediaRange): number {
  return (r.type === '*' ? 2 : 0) + (r.subtype === '*' ? 1 : 0);
}

/** Parses an Accept header; an absent or empty header means a single `*\/*`. */
export function parseAccept(header: string | undefined): MediaRange[] {
  if (header === undefined || header.trim() === '') return [{ type: '*', subtype: '*', params: {}, q: 1 }];
  const ranges = header
    .split(',')
    .map((part) => parseRange(part.trim()))
    .filter((r): r is MediaRange => r !== undefined);
  return ranges
    .map((r, i) => ({ r, i }))
    .sort((a, b) => b.r.q - a.r.q || wildcards(a.r) - wildcards(b.r) || a.i - b.i)
    .map(({ r }) => r);
}

/** Whether a range accepts a JSON body (`application/json`, `application/*` or `*\/*`). */
export function isJSONRange(r: MediaRange): boolean {
  if (r.type === '*') return true;
  return r.type === 'application' && (r.subtype === 'json' || r.subtype === '*');
}

/** Whether the header accepts a plain JSON body (no `as=` conversion requested). */
export function acceptsJSON(header: string | undefined): boolean {
  return parseAccept(header).some((r) => isJSONRange(r) && r.params.as === undefined);
}
