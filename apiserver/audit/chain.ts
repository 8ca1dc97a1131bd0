/**
 * The audit log's hash chain. Every record line is the record's JSON with two members appended:
 *
 *   {...the audit.k8s.io/v1 Event...,"seq":N,"prevHash":"<64 hex>"}
 *
 * `seq` counts records from the first one the log ever held (0, 1, 2, ...; it continues across
 * rotations and restarts) and `prevHash` is the SHA-256, in lower-case hex, of the previous record's
 * line: its exact bytes as written, without the newline (the first record ever: 64 zeros). A
 * line's own hash is therefore over the line as it sits in the file, prevHash included, so the
 * chain runs through every record in write order, across files. Digest lines (digest.ts) are not
 * records: they sit between records and are not chained.
 */
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** SHA-256 of a line's bytes (without its newline), lower-case hex. */
export function lineHash(line: Buffer | string): string {
  return createHash('sha256').update(line).digest('hex');
}

/** The chain's position: the hash of the last record line and the seq the next record gets. */
export interface ChainHead {
  readonly hash: string;
  readonly nextSeq: number;
}

export const EMPTY_HEAD: ChainHead = { hash: GENESIS_HASH, nextSeq: 0 };

/** A record line (with its newline), its hash and seq. */
export interface LinkedLine {
  readonly bytes: Buffer;
  readonly hash: string;
  readonly seq: number;
}

/** Links record JSON texts one after another; the JSON is serialized once, by the caller. */
export class HashChain {
  private head: ChainHead;

  constructor(head: ChainHead = EMPTY_HEAD) {
    this.head = head;
  }

  get current(): ChainHead {
    return this.head;
  }

  /** `json` is one JSON object text (as JSON.stringify writes a record) */
  link(json: string): LinkedLine {
    if (!json.endsWith('}') || json === '{}')
      throw new Error('an audit record must be a non-empty JSON object');
    const text = `${json.slice(0, -1)},"seq":${String(this.head.nextSeq)},"prevHash":"${this.head.hash}"}\n`;
    const bytes = Buffer.from(text, 'utf8');
    const hash = lineHash(bytes.subarray(0, bytes.length - 1));
    const seq = this.head.nextSeq;
    this.head = { hash, nextSeq: seq + 1 };
    return { bytes, hash, seq };
  }
}

/** The chain members of a parsed record line, or undefined when it carries none. */
export function chainFieldsOf(obj: unknown): { seq: number; prevHash: string } | undefined {
  if (typeof obj !== 'object' || obj === null) return undefined;
  const { seq, prevHash } = obj as { seq?: unknown; prevHash?: unknown };
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) return undefined;
  if (typeof prevHash !== 'string' || !/^[0-9a-f]{64}$/.test(prevHash)) return undefined;
  return { seq, prevHash };
}
