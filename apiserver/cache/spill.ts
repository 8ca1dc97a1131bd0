/**
 * The watch cache's texts in a local file, for a storage that cannot read a version back by
 * revision (etcd): entries hold where their text is, so holding every object costs its key in
 * anonymous memory and its text in a memory-mapped file whose pages the kernel may drop. The
 * file is the cache's alone: emptied when opened, never synced (storage holds every text; a crash
 * loses nothing), and each load of the cache (the first list, a relist) writes a new generation,
 * the previous one removed a grace period later.
 *
 * A text stays in memory until its write commits, so a read never waits for the file. A version
 * leaves the file a grace period after the resource retired it (superseded or deleted, and the
 * event that did so evicted from the ring): a list or watch that took the entry before can still
 * read it, the contract the embedded store's compaction (minutes behind) gives its entries.
 */
import { rm } from 'node:fs/promises';
import { open, type Database, type RootDatabase } from 'lmdb';
import type winston from 'winston';
import { entryOf, keepTexts, type Entry, type Keeper } from './entry.js';

/** kube-apiserver compacts every 5 minutes; a retired version stays readable at least as long */
export const SPILL_GRACE_MS = 5 * 60_000;
const SWEEP_MS = 30_000;

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
  private readonly timer: NodeJS.Timeout;
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
    this.timer = setInterval(() => {
      this.sweep();
    }, SWEEP_MS);
    this.timer.unref();
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
        this.removeRange(0, end);
      }, this.graceMs).unref();
    }
    this.generationStart = end;
    const keeper: Keeper = {
      load: (kv, namespace) => this.keep(entryOf(kv, namespace)),
      keep: (e) => this.keep(e),
      retire: (e) => {
        this.retire(e);
      },
    };
    return (prefix) => (this.opts.inMemory?.(prefix) ? keepTexts : keeper);
  }

  read(slot: number): string | undefined {
    if (this.closed) return undefined;
    return this.db.get(slot);
  }

  /** Sweeps now the slots retired at least a grace period ago (else every SWEEP_MS). */
  sweep(): void {
    const before = this.now() - this.graceMs;
    while (this.retiredHead < this.retired.length) {
      const r = this.retired[this.retiredHead];
      if (!r || r.at > before) break;
      this.remove(r.slot);
      this.retiredHead++;
    }
    if (this.retiredHead > 1024 && this.retiredHead * 2 > this.retired.length) {
      this.retired = this.retired.slice(this.retiredHead);
      this.retiredHead = 0;
    }
  }

  /** How many texts the file holds (written and not yet removed). */
  get size(): number {
    return this.closed ? 0 : this.db.getCount();
  }

  /** Resolves once every write and removal made so far has committed. */
  async committed(): Promise<void> {
    await this.db.committed;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    await this.env.close();
  }

  private keep(e: Entry): Entry {
    if (e instanceof SpilledEntry || this.closed) return e;
    const text = e.json;
    const s = new SpilledEntry(e.key, e.namespace, e.rev, text, this.next++, this);
    if (this.writeFailed) return s;
    this.db.put(s.slot, text).then(
      () => {
        s.text = undefined;
      },
      (err: unknown) => {
        // the entry keeps its text: memory instead of the file
        if (!this.writeFailed)
          this.opts.logger?.warn('watch cache: spill file write failed', { error: String(err) });
        this.writeFailed = true;
      },
    );
    return s;
  }

  private retire(e: Entry): void {
    if (e instanceof SpilledEntry && e.file === this) this.retired.push({ slot: e.slot, at: this.now() });
  }

  private remove(slot: number): void {
    if (this.closed) return;
    this.db.remove(slot).catch(() => undefined);
  }

  private removeRange(start: number, end: number): void {
    if (this.closed) return;
    for (const slot of this.db.getKeys({ start, end })) this.remove(slot);
  }
}
