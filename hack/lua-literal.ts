/** A JSON value as a Lua table literal (arrays 1-based, null dropped), for feeding objects to Lua scripts. */

const escape = (s: string): string =>
  // eslint-disable-next-line no-control-regex
  s.replace(/[\\"\u0000-\u001f\u007f]/g, (c) =>
    c === '\\' || c === '"' ? `\\${c}` : `\\${c.charCodeAt(0).toString().padStart(3, '0')}`,
  );

export function luaLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  if (typeof value === 'string') return `"${escape(value)}"`;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`no Lua literal for ${String(value)}`);
    return String(value);
  }
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `{${value.map(luaLiteral).join(', ')}}`;
  if (typeof value === 'object') {
    const fields = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => `["${escape(k)}"] = ${luaLiteral(v)}`);
    return `{${fields.join(', ')}}`;
  }
  throw new Error(`no Lua literal for a ${typeof value}`);
}
