/**
 * Shape limits on decoded request documents, checked without recursion: nesting deeper than
 * MAX_NESTING (the rest of the server recurses over objects and would overflow the stack), and,
 * for YAML, more nodes than a document of that size can spell out without aliases (an alias
 * "billion laughs" bomb expands a few hundred bytes into millions of nodes).
 */
import { badRequest } from '../errors/status.js';

export const MAX_NESTING = 1000;

/** Throws a 400 when `value` nests deeper than MAX_NESTING or expands past `maxNodes` nodes. */
export function checkDocument(value: unknown, maxNodes = Number.POSITIVE_INFINITY): void {
  const stack: [unknown, number][] = [[value, 0]];
  let nodes = 0;
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [v, depth] = top;
    if (++nodes > maxNodes)
      throw badRequest('the request body expands to too many values (excessive aliasing)');
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= MAX_NESTING)
      throw badRequest(`the request body is nested more than ${MAX_NESTING} levels deep`);
    for (const child of Array.isArray(v) ? (v as unknown[]) : Object.values(v))
      stack.push([child, depth + 1]);
  }
}
