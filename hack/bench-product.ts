/**
 * `make bench`, product half: issue 11's Targets table measured on the real product path
 * (`orgplane up` as a child process: API server, controllers, audit; an organization member's
 * token over HTTPS) beside raw etcd3 on the same etcd (fsync on), medians of --rounds rounds.
 * Prints the table and writes bench-results.json (hack/bench-report.ts renders it into README.md).
 * Needs `make build`. Sizes and caps: see hack/bench/config.ts (--help); --quick for a smoke run.
 */
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Etcd3 } from 'etcd3';
import { startEtcd } from '../test/support/etcd.js';
import { register, runAll } from './bench/cleanup.js';
import { outPath, readConfig } from './bench/config.js';
import { figures, medians } from './bench/figures.js';
import type { Results, Round } from './bench/results.js';
import { backendRound, rawRound } from './bench/round.js';
import { textTable } from './bench/table.js';

const ETCD_SH = fileURLToPath(new URL('etcd.sh', import.meta.url));

const sh = (cmd: string, args: string[]): string => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
};

async function main(): Promise<void> {
  const cfg = readConfig();
  const started = new Date();
  // the commit built and measured (make bench builds just before): read now, not after the run
  const commit =
    sh('git', ['rev-parse', 'HEAD']) + (sh('git', ['status', '--porcelain']) === '' ? '' : '+dirty');
  const etcd = await startEtcd({ fsync: true });
  const stopEtcd = register({
    run: () => etcd.stop().catch(() => undefined),
    runSync: () => {
      execFileSync(ETCD_SH, ['stop', '--dir', etcd.dir], { stdio: 'ignore' });
    },
  });
  // a range of 10,000 1 KiB objects is past gRPC's default 4 MiB: lift it as etcd's clientv3 does
  const client = new Etcd3({
    hosts: [...etcd.endpoints],
    grpcOptions: { 'grpc.max_receive_message_length': 2 ** 31 - 1 },
  });
  const rounds: Round[] = [];
  try {
    console.log(
      `etcd (fsync on) at ${etcd.endpoints.join(',')}; ${cfg.rounds} round(s)${cfg.quick ? ', --quick' : ''}`,
    );
    for (let round = 1; round <= cfg.rounds; round++) {
      console.log(`round ${round}: raw etcd3`);
      const raw = await rawRound(client, cfg, round);
      const backends: Round['backends'] = {};
      for (const b of cfg.backends) {
        try {
          backends[b] = await backendRound(b, client, etcd.endpoints, cfg);
        } catch (err) {
          const error = err instanceof Error ? err.message : String(err);
          console.error(`round ${round} ${b} failed: ${error}`);
          backends[b] = { error };
        }
      }
      rounds.push({ round, raw, backends });
    }
  } finally {
    client.close();
    await stopEtcd();
  }
  const m = medians(rounds);
  const results: Results = {
    date: started.toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      etcd: /etcd Version: (\S+)/.exec(sh('etcd', ['--version']))?.[1] ?? 'unknown',
    },
    commit,
    config: cfg,
    rounds,
    medians: m,
    figures: figures(m, cfg),
  };
  await writeFile(outPath(), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nmedians of ${cfg.rounds} round(s); all numbers in ${outPath()}\n`);
  console.log(textTable(results.figures));
}

try {
  await main();
} finally {
  await runAll();
}
