/**
 * What one run records (bench-results.json): the machine, the sizes, every round's numbers, and
 * the figures of issue 11's Targets table computed from the medians of the rounds.
 */
import type { Backend, BenchConfig } from './config.js';
import type { CreateFigures, OpenLoopFigures } from './creates.js';
import type { HoldFigures } from './hold.js';
import type { WatchFigures } from './watch.js';

export interface RawRound {
  readonly createsPerSec: number;
  readonly createP99Ms: number;
  readonly creates: number;
  readonly capped: boolean;
  readonly rangeParseMs: number;
  readonly rangeCount: number;
}

/** A phase that failed (or hit a cap that leaves no number): the others of its round still count. */
export interface Failed {
  readonly error: string;
}

export interface BackendRound {
  /** start to ready on an empty store (not a target; for reference) */
  readonly freshReadyMs: number;
  readonly create: CreateFigures | Failed;
  readonly openLoop: OpenLoopFigures | Failed;
  readonly watchFew: WatchFigures | Failed;
  readonly watchMany: WatchFigures | Failed;
  readonly hold: HoldFigures | Failed;
}

export interface Round {
  readonly round: number;
  readonly raw: RawRound;
  readonly backends: Partial<Record<Backend, BackendRound | Failed>>;
}

/** One row of the Targets table: cells already formatted, met judged on the medians. */
export interface Figure {
  readonly figure: string;
  readonly etcd: string;
  readonly embedded: string;
  readonly raw: string;
  readonly ratio: string;
  readonly target: string;
  /** true / false, or null when a needed number is missing */
  readonly met: boolean | null;
}

export interface Results {
  readonly date: string;
  readonly machine: {
    readonly cpus: number;
    readonly cpuModel: string;
    readonly memoryGiB: number;
    readonly node: string;
    readonly etcd: string;
  };
  readonly commit: string;
  readonly config: BenchConfig;
  readonly rounds: Round[];
  readonly medians: Record<string, number>;
  readonly figures: Figure[];
}
