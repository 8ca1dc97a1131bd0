/**
 * The JSON merge patch (RFC 7386) turning `from` into `to`: changed keys, removed keys as null,
 * arrays replaced whole. undefined when nothing differs, so callers skip no-op writes.
 */
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function mergeDiff(from: unknown, to: unknown): unknown {
  if (!isObject(from) || !isObject(to)) return JSON.stringify(from) === JSON.stringify(to) ? undefined : to;
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(from))
    if (from[key] !== undefined && to[key] === undefined) patch[key] = null;
  for (const [key, value] of Object.entries(to)) {
    if (value === undefined) continue;
    const d = mergeDiff(from[key], value);
    if (d !== undefined) patch[key] = d;
  }
  return Object.keys(patch).length === 0 ? undefined : patch;
}
