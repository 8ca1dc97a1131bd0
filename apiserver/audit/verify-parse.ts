/**
 * The audit log's lines as verify.ts walks them: each record's chain fields, hash and time, each
 * digest's verified payload, or why a line is neither (each with its file and 1-based line).
 */
import type { JSONWebKeySet } from 'jose';
import { chainFieldsOf, lineHash } from './chain.js';
import { digestJwsOf, verifyDigest, type DigestPayload } from './digest.js';

/** One file of the log, read when its turn comes. */
export interface LogFile {
  readonly name: string;
  read(): Promise<string>;
}

interface At {
  readonly file: string;
  readonly line: number;
}

export interface RecordEntry extends At {
  readonly type: 'record';
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
  /** ms since the epoch of the record's stageTimestamp (NaN when it has none) */
  readonly time: number;
}

export interface DigestEntry extends At {
  readonly type: 'digest';
  readonly payload: DigestPayload;
}

export interface BadEntry extends At {
  readonly type: 'bad';
  readonly problem: string;
}

export type Entry = RecordEntry | DigestEntry | BadEntry;

function parse(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}

function timeOf(obj: unknown): number {
  const t = (obj as { stageTimestamp?: unknown }).stageTimestamp;
  return typeof t === 'string' ? Date.parse(t) : NaN;
}

async function entryOf(at: At, text: string, jwks: JSONWebKeySet): Promise<Entry> {
  const obj = parse(text);
  if (obj === undefined || typeof obj !== 'object' || obj === null)
    return { ...at, type: 'bad', problem: 'not a JSON object line: the line was altered or cut short' };
  const jws = digestJwsOf(obj);
  if (jws !== undefined) {
    const check = await verifyDigest(jws, jwks);
    if (!check.ok) return { ...at, type: 'bad', problem: `digest ${check.reason}` };
    return { ...at, type: 'digest', payload: check.payload };
  }
  const chain = chainFieldsOf(obj);
  if (!chain)
    return {
      ...at,
      type: 'bad',
      problem: 'a record without its chain fields (seq, prevHash): altered or inserted',
    };
  return { ...at, type: 'record', ...chain, hash: lineHash(text), time: timeOf(obj) };
}

/** The entries of one file, in line order. */
export async function parseFile(f: LogFile, jwks: JSONWebKeySet): Promise<Entry[]> {
  const lines = (await f.read()).split('\n');
  if (lines.at(-1) === '') lines.pop();
  const out: Entry[] = [];
  for (const [i, text] of lines.entries()) out.push(await entryOf({ file: f.name, line: i + 1 }, text, jwks));
  return out;
}
