// Storage benchmark (`make bench`): create throughput at 64 in flight and watch delivery for raw
// etcd3 txn-creates, the etcd backend and the embedded backend, 3 rounds each, medians and ratios.
// Starts its own etcd (with fsync, as in production) and an embedded store in a temp dir; removes both.
import { Etcd3 } from 'etcd3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedStorage } from '../apiserver/storage/embedded/index.js';
import { openEtcdStorage } from '../apiserver/storage/etcd/index.js';
import type { Storage } from '../apiserver/storage/interface.js';
import { startEtcd, type EtcdServer } from '../test/support/etcd.js';

const CREATES = 5_000;
const IN_FLIGHT = 64;
const ROUNDS = 3;
const VALUE = JSON.stringify({ kind: 'Agent', spec: { model: 'm', instructions: 'x'.repeat(400) } });

/** What each subject offers the benchmark: a create and a prefix watch reporting keys as they arrive. */
interface Subject {
  readonly name: string;
  create(key: string): Promise<unknown>;
  /** Start watching prefix; resolves once the watch is established; returns its stop function. */
  watch(prefix: string, onKey: (key: string) => void): Promise<() => void>;
}

interface Sample {
  createsPerSec: number;
  eventsPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

function rawEtcd3(client: Etcd3): Subject {
  return {
    name: 'raw etcd3',
    create: (key) => client.if(key, 'Create', '==', 0).then(client.put(key).value(VALUE)).commit(),
    async watch(prefix, onKey) {
      const w = await client.watch().prefix(prefix).create();
      w.on('put', (kv) => {
        onKey(kv.key.toString());
      });
      return () => void w.cancel();
    },
  };
}

function backend(name: string, s: Storage): Subject {
  return {
    name,
    create: (key) => s.create(key, VALUE),
    watch(prefix, onKey) {
      const w = s.watch(prefix, { maxBuffered: CREATES * 2 });
      void (async () => {
        for await (const ev of w) onKey(ev.key);
      })().catch((err: unknown) => {
        console.error(`${name} watch failed:`, err);
      });
      return Promise.resolve(() => {
        w.stop();
      });
    },
  };
}

/** n calls of fn(i) with IN_FLIGHT in flight; onIssue(i) just before each call. */
async function load(
  n: number,
  fn: (i: number) => Promise<unknown>,
  onIssue?: (i: number) => void,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n) {
      const i = next++;
      onIssue?.(i);
      await fn(i);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

async function createRun(subject: Subject, prefix: string, n: number): Promise<number> {
  const start = performance.now();
  await load(n, (i) => subject.create(`${prefix}${i}`));
  return (n / (performance.now() - start)) * 1000;
}

/** n creates under a watcher: delivery rate and latency from issuing the write to its event. */
async function watchRun(subject: Subject, prefix: string, n: number): Promise<Omit<Sample, 'createsPerSec'>> {
  const issued = new Map<string, number>();
  const latencies: number[] = [];
  let resolveAll: () => void = () => undefined;
  const all = new Promise<void>((resolve) => (resolveAll = resolve));
  const stop = await subject.watch(prefix, (key) => {
    const t = issued.get(key);
    if (t === undefined) return;
    latencies.push(performance.now() - t);
    if (latencies.length === n) resolveAll();
  });
  const start = performance.now();
  await load(
    n,
    (i) => subject.create(`${prefix}${i}`),
    (i) => issued.set(`${prefix}${i}`, performance.now()),
  );
  const timeout = setTimeout(() => {
    console.error(`${subject.name}: only ${latencies.length} of ${n} events arrived`);
    resolveAll();
  }, 30_000);
  await all;
  clearTimeout(timeout);
  const elapsed = performance.now() - start;
  stop();
  latencies.sort((a, b) => a - b);
  const pct = (p: number): number =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return { eventsPerSec: (latencies.length / elapsed) * 1000, p50Ms: pct(0.5), p99Ms: pct(0.99) };
}

const median = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const fmt = (x: number, digits = 0): string => x.toFixed(digits).padStart(9);

async function bench(subjects: readonly Subject[]): Promise<Map<string, Sample>> {
  const samples = new Map<string, Sample[]>(subjects.map((s) => [s.name, []]));
  for (const s of subjects) await createRun(s, `/bench/warmup/${s.name}/`, 500);
  // Rounds interleave the subjects so drift in machine load hits each of them alike.
  for (let round = 1; round <= ROUNDS; round++) {
    for (const s of subjects) {
      const base = `/bench/${round}/${s.name.replace(/ /g, '-')}`;
      const createsPerSec = await createRun(s, `${base}/create/`, CREATES);
      const watched = await watchRun(s, `${base}/watch/`, CREATES);
      const sample = { createsPerSec, ...watched };
      samples.get(s.name)?.push(sample);
      console.log(
        `round ${round} ${s.name.padEnd(16)} creates/s ${fmt(createsPerSec)}  events/s ${fmt(sample.eventsPerSec)}` +
          `  latency p50 ${fmt(sample.p50Ms, 1)} ms  p99 ${fmt(sample.p99Ms, 1)} ms`,
      );
    }
  }
  const medians = new Map<string, Sample>();
  for (const [name, xs] of samples) {
    medians.set(name, {
      createsPerSec: median(xs.map((x) => x.createsPerSec)),
      eventsPerSec: median(xs.map((x) => x.eventsPerSec)),
      p50Ms: median(xs.map((x) => x.p50Ms)),
      p99Ms: median(xs.map((x) => x.p99Ms)),
    });
  }
  return medians;
}

function report(medians: Map<string, Sample>): void {
  console.log(`\nmedians of ${ROUNDS} rounds, ${CREATES} creates at ${IN_FLIGHT} in flight:`);
  console.log(`${''.padEnd(18)}${'creates/s'.padStart(9)}  ${'events/s'.padStart(9)}  p50 ms     p99 ms`);
  for (const [name, m] of medians) {
    console.log(
      `${name.padEnd(18)}${fmt(m.createsPerSec)}  ${fmt(m.eventsPerSec)}  ${fmt(m.p50Ms, 1)}  ${fmt(m.p99Ms, 1)}`,
    );
  }
  const ratio = (a: string, b: string, target: number): void => {
    const x = medians.get(a);
    const y = medians.get(b);
    if (x === undefined || y === undefined) return;
    const r = x.createsPerSec / y.createsPerSec;
    const w = x.eventsPerSec / y.eventsPerSec;
    const verdict = r >= target ? 'meets' : 'BELOW';
    console.log(
      `${a} / ${b}: creates ${r.toFixed(2)} (${verdict} target ${target}), watch events ${w.toFixed(2)}`,
    );
  };
  console.log('');
  ratio('etcd backend', 'raw etcd3', 0.85);
  ratio('embedded', 'etcd backend', 1.5);
}

async function main(): Promise<void> {
  let etcd: EtcdServer | undefined;
  let raw: Etcd3 | undefined;
  const stores: Storage[] = [];
  const dir = await mkdtemp(join(tmpdir(), 'orgplane-bench-'));
  const cleanup = async (): Promise<void> => {
    raw?.close();
    await Promise.allSettled(stores.map((s) => s.close()));
    await etcd?.stop();
    await rm(dir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => {
    void cleanup().finally(() => process.exit(130));
  });
  try {
    etcd = await startEtcd({ fsync: true });
    console.log(`etcd (fsync on) at ${etcd.endpoints.join(',')}; embedded store in ${dir}`);
    raw = new Etcd3({ hosts: [...etcd.endpoints] });
    const etcdStore = await openEtcdStorage({ endpoints: etcd.endpoints });
    stores.push(etcdStore);
    const embedded = await openEmbeddedStorage({ path: join(dir, 'store') });
    stores.push(embedded);
    report(await bench([rawEtcd3(raw), backend('etcd backend', etcdStore), backend('embedded', embedded)]));
  } finally {
    await cleanup();
  }
}

await main();
