/**
 * The chain and digest state of the audit log file being written: the hash chain (chain.ts), the
 * records and digests the current file holds, and the records no digest covers yet. On (re)open
 * it resumes from what the files hold, so a restarted server continues the chain: the last record
 * of the current file, or of the newest rotated file when the current one holds none.
 */
import { EMPTY_HEAD, HashChain, chainFieldsOf, lineHash, type ChainHead, type LinkedLine } from './chain.js';
import { DIGEST_KIND, digestLine, type DigestKey, type DigestReason } from './digest.js';

export interface ChainedLogOptions {
  /** the key digests are signed with; omitted: the chain without digests */
  readonly signingKey?: () => DigestKey;
  readonly intervalSeconds: number;
  readonly now: () => Date;
  /** a digest that could not be signed (skipped: the records are written nevertheless) */
  readonly onDigestError?: (err: unknown) => void;
}

/** What a file's text holds: its last record's chain position, its records and digests. */
export interface FileSummary {
  readonly head: ChainHead | undefined;
  readonly records: number;
  readonly digests: number;
  /** records after the file's last digest */
  readonly sinceDigest: number;
}

function parse(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}

/** A digest line as digest.ts writes it starts so; anything else is taken for a record. */
const DIGEST_PREFIX = `{"kind":"${DIGEST_KIND}",`;

/** One pass over a file's lines; only the last record is parsed and hashed. */
export function summarize(text: string): FileSummary {
  const lines = text.split('\n').filter((l) => l !== '');
  let records = 0;
  let digests = 0;
  let sinceDigest = 0;
  for (const line of lines) {
    if (line.startsWith(DIGEST_PREFIX)) {
      digests++;
      sinceDigest = 0;
    } else {
      records++;
      sinceDigest++;
    }
  }
  let head: ChainHead | undefined;
  for (let i = lines.length - 1; i >= 0 && !head; i--) {
    const line = lines[i] ?? '';
    const chain = line.startsWith(DIGEST_PREFIX) ? undefined : chainFieldsOf(parse(line));
    if (chain) head = { hash: lineHash(line), nextSeq: chain.seq + 1 };
  }
  return { head, records, digests, sinceDigest };
}

export class ChainedLog {
  private chain = new HashChain();
  /** the chain up to the last line placed in a file (linked lines may still be on their way) */
  private placedHead: ChainHead = EMPTY_HEAD;
  private fileRecords = 0;
  private fileDigests = 0;
  private sinceDigest = 0;

  constructor(private readonly opts: ChainedLogOptions) {}

  /** Continue from the current file's text and, when it holds no record, the newest rotated one's. */
  resume(current: FileSummary, previous: FileSummary | undefined): void {
    this.placedHead = current.head ?? previous?.head ?? EMPTY_HEAD;
    this.chain = new HashChain(this.placedHead);
    this.fileRecords = current.records;
    this.fileDigests = current.digests;
    this.sinceDigest = current.sinceDigest;
  }

  link(json: string): LinkedLine {
    return this.chain.link(json);
  }

  /** a linked line went into the current file (lines are placed in the order they were linked) */
  placed(line: LinkedLine): void {
    this.placedHead = { hash: line.hash, nextSeq: line.seq + 1 };
    this.fileRecords++;
    this.sinceDigest++;
  }

  get uncovered(): number {
    return this.sinceDigest;
  }

  /** the file was rotated: the next line starts a new one */
  newFile(): void {
    this.fileRecords = 0;
    this.fileDigests = 0;
  }

  /** The digest line covering every line placed so far; undefined without a key or on failure. */
  async digest(reason: DigestReason): Promise<Buffer | undefined> {
    if (!this.opts.signingKey) return undefined;
    let line: Buffer;
    try {
      line = await digestLine(
        this.opts.signingKey(),
        { head: this.placedHead, fileRecords: this.fileRecords, index: this.fileDigests },
        { reason, time: this.opts.now(), intervalSeconds: this.opts.intervalSeconds },
      );
    } catch (err) {
      this.opts.onDigestError?.(err);
      return undefined;
    }
    this.fileDigests++;
    this.sinceDigest = 0;
    return line;
  }
}
