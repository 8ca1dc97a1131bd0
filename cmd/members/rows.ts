/**
 * The member file of `orgplane import members`: CSV (RFC 4180, via csv-parse) with a header naming
 * `username` and `role` and optionally `team` and `email`, in any order. Every line is checked
 * before anything is written; each error names its line (the header is line 1).
 */
import { parse } from 'csv-parse/sync';
import { isDNS1123Label, isDNS1123Subdomain } from '../../apiserver/validation/names.js';

export interface MemberRow {
  /** 1-based line of the file */
  readonly line: number;
  readonly username: string;
  readonly role: string;
  /** the team whose namespace the binding goes to; undefined: the organization's own */
  readonly team?: string;
  readonly email?: string;
}

export interface ParsedMembers {
  readonly rows: readonly MemberRow[];
  readonly errors: readonly string[];
}

const COLUMNS = ['username', 'role', 'team', 'email'] as const;
type Column = (typeof COLUMNS)[number];
const EMAIL = /^[^@\s,]+@[^@\s,]+\.[^@\s,]+$/;

function headerOf(cells: readonly string[]): { index: Map<Column, number>; errors: string[] } {
  const index = new Map<Column, number>();
  const errors: string[] = [];
  cells.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    if (!(COLUMNS as readonly string[]).includes(name)) errors.push(`line 1: unknown column "${raw}"`);
    else if (index.has(name as Column)) errors.push(`line 1: column "${name}" given twice`);
    else index.set(name as Column, i);
  });
  for (const required of ['username', 'role'] as const)
    if (!index.has(required))
      errors.push(`line 1: missing header column "${required}" (expected username,role[,team][,email])`);
  return { index, errors };
}

function rowOf(line: number, cell: (c: Column) => string): { row?: MemberRow; errors: string[] } {
  const errors: string[] = [];
  const username = cell('username');
  const role = cell('role');
  const team = cell('team');
  const email = cell('email');
  for (const msg of isDNS1123Subdomain(username))
    errors.push(`line ${String(line)}: username "${username}": ${msg}`);
  for (const msg of isDNS1123Subdomain(role)) errors.push(`line ${String(line)}: role "${role}": ${msg}`);
  if (team !== '')
    for (const msg of isDNS1123Label(team)) errors.push(`line ${String(line)}: team "${team}": ${msg}`);
  if (email !== '' && !EMAIL.test(email))
    errors.push(`line ${String(line)}: email "${email}": not an email address`);
  if (errors.length > 0) return { errors };
  return {
    row: { line, username, role, ...(team !== '' ? { team } : {}), ...(email !== '' ? { email } : {}) },
    errors,
  };
}

/** Parses and checks a member file: its rows, or every error found in it. */
export function parseMembers(text: string): ParsedMembers {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      info: true,
      skip_empty_lines: true,
      bom: true,
      trim: true,
      record_delimiter: ['\r\n', '\n'],
    }) as unknown as typeof records;
  } catch (err) {
    const e = err as { lines?: number; message?: string };
    const where = e.lines !== undefined ? `line ${String(e.lines)}: ` : '';
    return { rows: [], errors: [`${where}${e.message ?? String(err)}`] };
  }
  const [head, ...body] = records;
  if (!head) return { rows: [], errors: ['line 1: missing header (expected username,role[,team][,email])'] };
  const { index, errors } = headerOf(head.record);
  if (errors.length > 0) return { rows: [], errors };
  const rows: MemberRow[] = [];
  const firstLine = new Map<string, number>();
  for (const { record, info } of body) {
    const line = info.lines;
    const cell = (c: Column): string => {
      const i = index.get(c);
      return i === undefined ? '' : (record[i] ?? '');
    };
    const { row, errors: bad } = rowOf(line, cell);
    errors.push(...bad);
    if (!row) continue;
    const seen = firstLine.get(row.username);
    if (seen !== undefined)
      errors.push(`line ${String(line)}: user "${row.username}" is already on line ${String(seen)}`);
    else firstLine.set(row.username, line);
    rows.push(row);
  }
  return { rows, errors };
}
