/**
 * Verification of a hash-chained, digest-signed audit log (chain.ts, digest.ts), as CloudTrail
 * validates its log files: every record must chain to the one before it (across files, oldest
 * first), every digest must verify with the server's public keys and sign the chain as it stands
 * at its line, every rotated file must end with its closing digest, and records after the last
 * digest must not be older than the digest interval allows (else a digest was cut away). The
 * answer names the first line that was altered, removed or reordered, or counts what verified.
 *
 * Not detectable, as with any log verified from itself: files removed from the old end (rotation
 * removes them too) and records written after the newest digest that are cut away before the next
 * digest is due.
 */
import type { JSONWebKeySet } from 'jose';
import { GENESIS_HASH } from './chain.js';
import type { DigestPayload } from './digest.js';
import { parseFile, type Entry, type LogFile, type RecordEntry } from './verify-parse.js';

export type { LogFile } from './verify-parse.js';

export type VerifyResult =
  | {
      readonly intact: true;
      readonly records: number;
      readonly digests: number;
      readonly files: number;
      readonly notes: readonly string[];
    }
  | { readonly intact: false; readonly file: string; readonly line: number; readonly problem: string };

export interface VerifyOptions {
  readonly jwks: JSONWebKeySet;
  readonly now: Date;
}

class Tampered extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
  ) {
    super(`${file}:${String(line)}: ${problem}`);
  }
}

const at = (e: { file: string; line: number }): string => `${e.file}:${String(e.line)}`;

/** Why record `cur` does not chain to `prev` (the record before it); `later`: the records after it. */
function brokenLink(prev: RecordEntry, cur: RecordEntry, later: readonly RecordEntry[]): Tampered {
  const next = later[0];
  if (cur.seq === prev.seq + 1) {
    const nextBroken = next !== undefined && next.seq === cur.seq + 1 && next.prevHash !== cur.hash;
    const altered = nextBroken ? cur : prev;
    return new Tampered(
      altered.file,
      altered.line,
      'record altered (its hash is not the one the next record chained to)',
    );
  }
  if (cur.seq > prev.seq + 1) {
    const missing = prev.seq + 1;
    const moved = later.find((r) => r.seq === missing);
    if (moved)
      return new Tampered(
        cur.file,
        cur.line,
        `record out of order (seq ${String(cur.seq)} here, seq ${String(missing)} follows at ${at(moved)})`,
      );
    const n = cur.seq - missing;
    return new Tampered(
      cur.file,
      cur.line,
      `${String(n)} record(s) removed before this line (seq ${String(missing)}${n > 1 ? `..${String(cur.seq - 1)}` : ''})`,
    );
  }
  return new Tampered(
    cur.file,
    cur.line,
    `record out of order (seq ${String(cur.seq)} after seq ${String(prev.seq)})`,
  );
}

/** The digest must sign the chain as it stands before its line. */
function checkDigest(
  p: DigestPayload,
  e: Entry,
  prev: RecordEntry | undefined,
  fileRecords: number,
  fileDigests: number,
): void {
  if (p.index !== fileDigests)
    throw new Tampered(
      e.file,
      e.line,
      `digest out of place: it was the file's digest #${String(p.index + 1)}, it is #${String(fileDigests + 1)} (a digest was removed or moved)`,
    );
  if (!prev) {
    if (fileRecords !== 0) throw new Tampered(e.file, e.line, 'digest out of place');
    return;
  }
  const expectedSeq = prev.seq + 1;
  if (p.nextSeq > expectedSeq)
    throw new Tampered(
      e.file,
      e.line,
      `${String(p.nextSeq - expectedSeq)} record(s) removed before this digest (it signed ${String(p.nextSeq)} records, seq ${String(expectedSeq)} on are missing)`,
    );
  if (p.nextSeq < expectedSeq)
    throw new Tampered(
      e.file,
      e.line,
      `digest out of place: it signed the log up to seq ${String(p.nextSeq - 1)}, the records before it run to seq ${String(prev.seq)}`,
    );
  if (p.head !== prev.hash)
    throw new Tampered(
      prev.file,
      prev.line,
      `record altered (the digest at ${at(e)} signed a different line)`,
    );
  if (p.fileRecords !== fileRecords)
    throw new Tampered(
      e.file,
      e.line,
      `the file holds ${String(fileRecords)} records before this digest, it signed ${String(p.fileRecords)}`,
    );
}

interface Walk {
  prev: RecordEntry | undefined;
  records: number;
  lastDigest: DigestPayload | undefined;
  firstUncovered: RecordEntry | undefined;
  digests: number;
  readonly notes: string[];
}

function checkTail(w: Walk, now: Date): void {
  const first = w.firstUncovered;
  if (!first) return;
  const interval = w.lastDigest?.intervalSeconds ?? 300;
  const due = first.time + (interval + Math.min(interval, 60)) * 1000;
  if (Number.isFinite(due) && now.getTime() > due)
    throw new Tampered(
      first.file,
      first.line,
      `no digest covers the records from this line on, though one was due by ${new Date(due).toISOString()}: the log's tail was cut (or the server stopped without its closing digest)`,
    );
  w.notes.push(
    `the records from ${at(first)} on are not covered by a digest yet (one is due within ${String(interval)}s of them)`,
  );
}

/** A rotated file (every file but the newest) ends with the digest written at its rotation. */
function checkClosed(name: string, entries: readonly Entry[]): void {
  const last = entries.at(-1);
  if (!last) throw new Tampered(name, 1, 'the rotated file is empty (its lines were removed)');
  if (last.type !== 'digest' || last.payload.reason !== 'rotation')
    throw new Tampered(
      name,
      last.line + 1,
      `the rotated file ends at line ${String(last.line)} without its closing digest: its tail was cut`,
    );
}

/** Check one file's entries in order against the chain so far; `after` reads the files after it. */
async function walkFile(w: Walk, entries: readonly Entry[], after: () => Promise<Entry[]>): Promise<void> {
  let fileRecords = 0;
  let fileDigests = 0;
  for (const [i, e] of entries.entries()) {
    if (e.type === 'bad') throw new Tampered(e.file, e.line, e.problem);
    if (e.type === 'digest') {
      checkDigest(e.payload, e, w.prev, fileRecords, fileDigests);
      fileDigests++;
      w.digests++;
      w.lastDigest = e.payload;
      w.firstUncovered = undefined;
      continue;
    }
    if (!w.prev) {
      if (e.prevHash !== GENESIS_HASH || e.seq !== 0)
        w.notes.push(`the chain starts at seq ${String(e.seq)} in ${at(e)} (older files were rotated away)`);
    } else if (e.prevHash !== w.prev.hash || e.seq !== w.prev.seq + 1) {
      const later = [...entries.slice(i + 1), ...(await after())];
      throw brokenLink(
        w.prev,
        e,
        later.filter((r): r is RecordEntry => r.type === 'record'),
      );
    }
    w.records++;
    w.prev = e;
    w.firstUncovered ??= e;
    fileRecords++;
  }
}

export async function verifyAuditLog(files: readonly LogFile[], opts: VerifyOptions): Promise<VerifyResult> {
  const w: Walk = {
    prev: undefined,
    records: 0,
    lastDigest: undefined,
    firstUncovered: undefined,
    digests: 0,
    notes: [],
  };
  try {
    for (const [i, f] of files.entries()) {
      const entries = await parseFile(f, opts.jwks);
      // only a broken link reads ahead, to tell a removed record from a moved one
      const after = async (): Promise<Entry[]> => {
        const rest: Entry[] = [];
        for (const later of files.slice(i + 1)) rest.push(...(await parseFile(later, opts.jwks)));
        return rest;
      };
      await walkFile(w, entries, after);
      if (i < files.length - 1) checkClosed(f.name, entries);
    }
    checkTail(w, opts.now);
    return {
      intact: true,
      records: w.records,
      digests: w.digests,
      files: files.length,
      notes: w.notes,
    };
  } catch (err) {
    if (err instanceof Tampered)
      return { intact: false, file: err.file, line: err.line, problem: err.problem };
    throw err;
  }
}
