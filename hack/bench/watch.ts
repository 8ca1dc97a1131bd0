/**
 * Figures 6-7: W watchers of one organization's agents (as the member, from the revision of a
 * list, so no initial events), then creates offered at a fixed rate, each stamped with its send
 * time in an annotation; every watcher measures write→event latency on arrival. An event counts
 * as delivered when it arrives within cfg.deliverySeconds of its write.
 */
import { SENT_ANNOTATION } from './agents.js';
import { apiClient, type Credentials, type WatchStream } from './client.js';
import type { BenchConfig, WatchLoad } from './config.js';
import { createOp } from './creates.js';
import { inTurn, nowMs, openLoop } from './load.js';
import { percentile } from './stats.js';
import { API } from './tenant.js';

export interface WatchFigures {
  readonly watchers: number;
  readonly offeredPerSec: number;
  /** writes issued and not refused (answered 201, or still unanswered when the writer stopped) */
  readonly writes: number;
  /** writes × watchers */
  readonly expected: number;
  readonly deliveredWithin: number;
  readonly deliveredPct: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** watch streams the server ended (an ERROR event or a closed stream) before the end */
  readonly endedEarly: number;
  readonly writeP99Ms: number;
  /** the benchmark process's own CPU while writing and receiving, % of one core (near 100: it limits) */
  readonly clientCpuPct: number;
}

const SENT = new RegExp(`"${SENT_ANNOTATION.replace(/\./g, '\\.')}":"([0-9.]+)"`);

/** creds: the servers to use (several: watchers and writes are spread over them in turn) */
export async function watchFigures(
  creds: readonly Credentials[],
  org: string,
  load: WatchLoad,
  cfg: Pick<BenchConfig, 'deliverySeconds' | 'stepCapSeconds'>,
  tag: string,
): Promise<WatchFigures> {
  const watchClients = creds.map((c) => apiClient(c, Math.ceil(load.watchers / creds.length) + 8));
  const writeClients = creds.map((c) => apiClient(c, 256));
  const [writeClient] = writeClients;
  if (!writeClient) throw new Error('watchFigures: no server to use');
  const latencies: number[] = [];
  const streams: WatchStream[] = [];
  let endedEarly = 0;
  let finished = false;
  try {
    const listed = await writeClient.call('GET', `${API}/namespaces/${org}/agents?limit=1`);
    const rv = (JSON.parse(listed.text) as { metadata: { resourceVersion: string } }).metadata
      .resourceVersion;
    const onLine = (line: string): void => {
      const now = nowMs();
      if (line.startsWith('{"type":"ERROR"')) return;
      const m = SENT.exec(line);
      if (m?.[1] !== undefined && line.startsWith('{"type":"ADDED"')) latencies.push(now - Number(m[1]));
    };
    const path = `${API}/namespaces/${org}/agents?resourceVersion=${rv}`;
    for (let i = 0; i < load.watchers; i += 50) {
      const batch = Array.from({ length: Math.min(50, load.watchers - i) }, (_, j) =>
        (watchClients[(i + j) % watchClients.length] ?? writeClient).watch(path, onLine),
      );
      for (const s of await Promise.all(batch)) {
        streams.push(s);
        void s.ended.then(() => {
          if (!finished) endedEarly++;
        });
      }
    }
    const cpu0 = process.cpuUsage();
    const t0 = nowMs();
    const graceMs = cfg.stepCapSeconds * 1000;
    const op = inTurn(writeClients.map((c) => createOp(c, org, `w${tag}`, 400, true)));
    const w = await openLoop(0, load.rate, load.seconds, graceMs, op);
    // Writes still unanswered at the cap may yet land: every write not refused is expected.
    const writes = w.issued - w.failed;
    const expected = writes * load.watchers;
    const deadline = nowMs() + cfg.deliverySeconds * 1000;
    while (latencies.length < expected && nowMs() < deadline && endedEarly < load.watchers)
      await new Promise((resolve) => setTimeout(resolve, 50));
    finished = true;
    const cpu = process.cpuUsage(cpu0);
    const clientCpuPct = (100 * (cpu.user + cpu.system)) / 1000 / (nowMs() - t0);
    const deliveredWithin = latencies.filter((l) => l <= cfg.deliverySeconds * 1000).length;
    return {
      watchers: load.watchers,
      offeredPerSec: load.rate,
      writes,
      expected,
      deliveredWithin,
      deliveredPct: expected === 0 ? NaN : (100 * deliveredWithin) / expected,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      endedEarly,
      writeP99Ms: percentile(w.latencies, 99),
      clientCpuPct,
    };
  } finally {
    finished = true;
    for (const s of streams) s.stop();
    for (const c of [...watchClients, ...writeClients]) c.close();
  }
}
