/**
 * The watch cache's texts in a local file, for a storage that cannot read a version back by
 * revision (etcd): entries hold where their text is, so holding every object costs its key in
 * anonymous memory and its text in a memory-mapped file whose pages the kernel may drop. The
 * file is the cache's alone: emptied when opened, never synced (storage holds every text; a crash
 * loses nothing), and each load of the cache (the first list, a relist) writes a new generation,
 * the previous one removed a grace period later.
 *
 * Writes and removals are gathered for FLUSH_MS (or until WRITES_PER_FLUSH texts wait) and made
 * in one synchronous transaction (a third of the CPU of one asynchronous write each); a text
 * stays in memory until its write commits, so a read never waits for the file. A version leaves
 * the file a grace period after the resource retired it (superseded or deleted, and the event
 * that did so evicted from the ring): a list or watch that took the entry before can still read
 * it, the contract the embedded store's compaction (minutes behind) gives its entries.
 */
import { rm } from 'node:fs/promises';
import { open, type Database, type RootDatabase } from 'lmdb';
import type winston from 'winston';
import { entryOf, keepTexts, type Entry, type Keeper } from './entry.js';

/** kube-apiserver compacts every 5 minutes; a retired version stays readable at least as long */
export const SPILL_GRACE_MS = 5 * 60_000;
const SWEEP_MS = 1000;
const FLUSH_MS = 10;
/** pending texts written at once, without waiting for FLUSH_MS */
const WRITES_PER_FLUSH = 512;
/** a flush writes every pending text but removes at most this many (the rest next time) */
const REMOVALS_PER_FLUSH = 2048;

export interface SpillOptions {
  /** resources (by key prefix) whose texts must not reach a local file (Secrets): kept in memory */
  readonly inMemory?: (prefix: string) => boolean;
  readonly graceMs?: number;
  readonly now?: () => number;
  readonly logger?: winston.Logger;
}

class SpilledEntry implements Entry {
  constructor(
    readonly key: string,
    readonly namespace: string,
    readonly rev: number,
    /** the text, until the file has it */
    public text: string | undefined,
    readonly slot: number,
    readonly file: CacheSpill,
  ) {}

  get json(): string {
    if (this.text !== undefined) return this.text;
    const text = this.file.read(this.slot);
    if (text === undefined)
      throw new Error(
        `watch cache: ${this.key} at revision ${String(this.rev)} is no longer in the spill file`,
      );
    return text;
  }
}

export class CacheSpill {
  /** the next slot; a generation is a range of slots */
  private next = 1;
  private generationStart = 1;
  /** retired slots, oldest first from retiredHead, with when they were retired */
  private retired: { slot: number; at: number }[] = [];
  private retiredHead = 0;
  private writes: SpilledEntry[] = [];
  private removals: number[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly sweepTimer: NodeJS.Timeout;
  private closed = false;
  private writeFailed = false;
  private readonly graceMs: number;
  private readonly now: () => number;

  private constructor(
    private readonly env: RootDatabase,
    private readonly db: Database<string, number>,
    private readonly opts: SpillOptions,
  ) {
    this.graceMs = opts.graceMs ?? SPILL_GRACE_MS;
    this.now = opts.now ?? Date.now;
    this.sweepTimer = setInterval(() => {
      this.sweep();
    }, SWEEP_MS);
    this.sweepTimer.unref();
  }

  /** Opens (emptied) the spill file in dir, which is the file's alone. */
  static async open(dir: string, opts: SpillOptions = {}): Promise<CacheSpill> {
    await rm(dir, { recursive: true, force: true });
    const env = open({ path: dir, noSync: true, noMetaSync: true });
    return new CacheSpill(env, env.openDB<string, number>({ name: 'texts', encoding: 'string' }), opts);
  }

  /**
   * The keepers of a new load of the cache, by resource prefix. Everything the previous load
   * wrote goes a grace period from now.
   */
  renew(): (prefix: string) => Keeper {
    const end = this.next;
    if (end > this.generationStart) {
      setTimeout(() => {
        this.removeBelow(end);
      }, this.graceMs).unref();
    }
    this.generationStart = end;
    const keeper: Keeper = {
      load: (kv, namespace) => this.keep(entryOf(kv, namespace)),
      keep: (e) => this.keep(e),
      retire: (e) => {
        if (e instanceof SpilledEntry && e.file === this) this.retired.push({ slot: e.slot, at: this.now() });
      },
    };
    return (prefix) => (this.opts.inMemory?.(prefix) ? keepTexts : keeper);
  }

  read(slot: number): string | undefined {
    if (this.closed) return undefined;
    return this.db.get(slot);
  }

  /** How many texts the file holds (written and not yet removed). */
  get size(): number {
    return this.closed ? 0 : this.db.getCount();
  }

  /** Queues the removal of the slots retired at least a grace period ago (else every SWEEP_MS). */
  sweep(): void {
    const before = this.now() - this.graceMs;
    while (this.retiredHead < this.retired.length) {
      const r = this.retired[this.retiredHead];
      if (!r || r.at > before) break;
      this.removals.push(r.slot);
      this.retiredHead++;
    }
    if (this.retiredHead > 1024 && this.retiredHead * 2 > this.retired.length) {
      this.retired = this.retired.slice(this.retiredHead);
      this.retiredHead = 0;
    }
    if (this.removals.length > 0) this.schedule();
  }

  /** Makes every pending write and removal now. */
  async committed(): Promise<void> {
    while (this.writes.length > 0 || this.removals.length > 0) this.flush();
    await Promise.resolve();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.sweepTimer);
    clearTimeout(this.flushTimer);
    await this.env.close();
  }

  private keep(e: Entry): Entry {
    if (e instanceof SpilledEntry || this.closed) return e;
    const s = new SpilledEntry(e.key, e.namespace, e.rev, e.json, this.next++, this);
    if (!this.writeFailed) {
      this.writes.push(s);
      // a full batch goes at once: its texts die young (a load keeps thousands in one turn)
      if (this.writes.length >= WRITES_PER_FLUSH) this.flush();
      else this.schedule();
    }
    return s;
  }

  private schedule(): void {
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      this.flush();
    }, FLUSH_MS);
  }

  private flush(): void {
    const writes = this.writes;
    const removals = this.removals.splice(0, REMOVALS_PER_FLUSH);
    this.writes = [];
    if (this.closed) return;
    try {
      this.db.transactionSync(() => {
        for (const s of writes) if (s.text !== undefined) this.db.putSync(s.slot, s.text);
        for (const slot of removals) this.db.removeSync(slot);
      });
      for (const s of writes) s.text = undefined;
    } catch (err) {
      // the entries keep their texts: memory instead of the file
      this.writeFailed = true;
      this.opts.logger?.warn('watch cache: spill file write failed; texts stay in memory', {
        error: String(err),
      });
    }
    if (this.removals.length > 0) this.schedule();
  }

  private removeBelow(end: number): void {
    if (this.closed) return;
    for (const slot of this.db.getKeys({ start: 0, end })) this.removals.push(slot);
    this.schedule();
  }
}
