/**
 * The product benchmark's sizes, from the command line. Defaults are issue 11's figures; --quick
 * shrinks every size and cap so a whole run fits in about three minutes (a smoke run, not a
 * measurement). Any size flag given explicitly wins over --quick.
 */
export type Backend = 'etcd' | 'embedded';

export interface WatchLoad {
  readonly watchers: number;
  /** writes per second offered (open loop) */
  readonly rate: number;
  readonly seconds: number;
}

export interface BenchConfig {
  readonly quick: boolean;
  readonly rounds: number;
  readonly inFlight: number;
  readonly backends: readonly Backend[];
  /** agents created through the API into one organization, 64 in flight */
  readonly creates: number;
  /** agents in the full list (the create phase pauses at this count to list) */
  readonly listCount: number;
  readonly openLoop: { readonly rate: number; readonly seconds: number };
  readonly watchFew: WatchLoad;
  readonly watchMany: WatchLoad;
  /** an event counts as delivered when it arrives within this many seconds of its write */
  readonly deliverySeconds: number;
  /** agents held by the server for the RSS and time-to-ready figures */
  readonly holdAgents: number;
  /** cap of the closed-loop create phase; the rate reached so far is reported when it hits */
  readonly createCapSeconds: number;
  /** cap of any other single step (a list, a server start, seeding) */
  readonly stepCapSeconds: number;
}

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

function count(name: string, full: number, quick: number, isQuick: boolean): number {
  const v = flag(name);
  if (v === undefined) return isQuick ? quick : full;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, not ${v}`);
  return n;
}

function backends(): Backend[] {
  const v = flag('backends') ?? 'etcd,embedded';
  const list = v.split(',').filter((b) => b !== '');
  for (const b of list) if (b !== 'etcd' && b !== 'embedded') throw new Error(`unknown backend ${b}`);
  return list as Backend[];
}

export const USAGE = `npx tsx hack/bench-product.ts [--quick] [--rounds 3] [--backends etcd,embedded]
  [--creates 20000] [--list 10000] [--open-rate 1000] [--open-seconds 10]
  [--watchers-few 100] [--rate-few 1000] [--watchers-many 1000] [--rate-many 100] [--watch-seconds 10]
  [--delivery-seconds 15] [--hold 100000] [--create-cap 300] [--step-cap 120] [--out bench-results.json]`;

export function readConfig(): BenchConfig {
  if (process.argv.includes('--help')) {
    console.log(USAGE);
    process.exit(0);
  }
  const q = process.argv.includes('--quick');
  const watchSeconds = count('watch-seconds', 10, 2, q);
  return {
    quick: q,
    rounds: count('rounds', 3, 1, q),
    inFlight: 64,
    backends: backends(),
    creates: count('creates', 20_000, 400, q),
    listCount: count('list', 10_000, 200, q),
    openLoop: { rate: count('open-rate', 1000, 100, q), seconds: count('open-seconds', 10, 2, q) },
    watchFew: {
      watchers: count('watchers-few', 100, 20, q),
      rate: count('rate-few', 1000, 100, q),
      seconds: watchSeconds,
    },
    watchMany: {
      watchers: count('watchers-many', 1000, 100, q),
      rate: count('rate-many', 100, 20, q),
      seconds: watchSeconds,
    },
    deliverySeconds: count('delivery-seconds', 15, 5, q),
    holdAgents: count('hold', 100_000, 2000, q),
    createCapSeconds: count('create-cap', 300, 20, q),
    stepCapSeconds: count('step-cap', 120, 15, q),
  };
}

export const outPath = (): string => flag('out') ?? 'bench-results.json';
