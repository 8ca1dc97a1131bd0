/**
 * From rounds to the Targets table: every numeric leaf of a round (e.g. "etcd.create.perSec") gets
 * its median across rounds, and issue 11's nine figures are computed from those medians, with two
 * reference rows beside them (no target of their own): creates counted until reconciled, and the list
 * on a quiet server.
 */
import type { Backend, BenchConfig } from './config.js';
import {
  listCell,
  ms,
  num,
  openLoopCell,
  quietListCell,
  quietListPer,
  rateCell,
  reconciledCell,
  watchCell,
} from './cells.js';
import { median } from './stats.js';
import type { Figure, Round } from './results.js';

function flatten(value: unknown, path: string, out: Map<string, number[]>): void {
  if (typeof value === 'number') out.set(path, [...(out.get(path) ?? []), value]);
  else if (typeof value === 'object' && value !== null)
    for (const [k, v] of Object.entries(value)) flatten(v, path === '' ? k : `${path}.${k}`, out);
}

export function medians(rounds: readonly Round[]): Record<string, number> {
  const all = new Map<string, number[]>();
  for (const r of rounds) {
    flatten(r.raw, 'raw', all);
    flatten(r.backends, '', all);
  }
  return Object.fromEntries([...all].map(([k, xs]) => [k, median(xs)]));
}

export function figures(m: Record<string, number>, cfg: BenchConfig): Figure[] {
  const v = (k: string): number => m[k] ?? NaN;
  const both: Backend[] = cfg.backends.filter((b) => Object.keys(m).some((k) => k.startsWith(`${b}.`)));
  const cell = (b: Backend, f: (b: Backend) => string): string => (both.includes(b) ? f(b) : '-');
  /** null when no backend in bs measured `key` (a failed or skipped phase), else every one is ok */
  const judge = (bs: readonly Backend[], key: string, ok: (b: Backend) => boolean): boolean | null => {
    const have = bs.filter((b) => Number.isFinite(v(`${b}.${key}`)));
    return have.length === 0 ? null : have.every(ok);
  };
  const rate = (b: Backend): string => rateCell(v, b, cfg);
  const rss = (b: Backend): string => {
    const quiet = v(`${b}.hold.quietRssAnonMiB`);
    return `${num(v(`${b}.hold.rssAnonMiB`))} MiB${Number.isFinite(quiet) ? ` (${num(quiet)} MiB)` : ''}`;
  };
  const ratio = (b: Backend): number => v(`${b}.create.perSec`) / v('raw.createsPerSec');
  const listRatio = (b: Backend): number => v(`${b}.create.list.ms`) / v('raw.rangeParseMs');
  const watch = (key: 'watchFew' | 'watchMany', p99Target: number, label: string): Figure => ({
    figure: label,
    etcd: cell('etcd', (b) => watchCell(v, b, key)),
    embedded: cell('embedded', (b) => watchCell(v, b, key)),
    raw: '',
    ratio: '',
    target: `100 %, ≤ ${p99Target} ms`,
    met: judge(
      ['etcd', 'embedded'],
      `${key}.deliveredPct`,
      (b) => v(`${b}.${key}.deliveredPct`) >= 99.999 && v(`${b}.${key}.p99Ms`) <= p99Target,
    ),
  });
  const { watchFew: wf, watchMany: wm } = cfg;
  const cpuCell = (b: Backend): string => {
    const during = v(`${b}.create.cpuMsWhileCreating`);
    const all = ms(v(`${b}.create.cpuMsPerCreate`));
    return Number.isFinite(during) ? `${all} (${ms(during)})` : all;
  };
  return [
    {
      figure: `creates/s through the API on etcd ÷ raw etcd3 txn-create, ${cfg.inFlight} in flight, ${num(cfg.creates)} into one organization`,
      etcd: cell('etcd', rate),
      embedded: '',
      raw: `${num(v('raw.createsPerSec'))}/s`,
      ratio: num(ratio('etcd')),
      target: '≥ 0.5',
      met: judge(['etcd'], 'create.perSec', (b) => ratio(b) >= 0.5),
    },
    {
      figure: 'creates/s through the API on the embedded store ÷ raw etcd3 txn-create',
      etcd: '',
      embedded: cell('embedded', rate),
      raw: `${num(v('raw.createsPerSec'))}/s`,
      ratio: num(ratio('embedded')),
      target: '≥ 1.0',
      met: judge(['embedded'], 'create.perSec', (b) => ratio(b) >= 1),
    },
    {
      figure: `reference: agents created and reconciled per second (the same ${num(cfg.creates)} creates, until the controllers have reconciled the last)`,
      etcd: cell('etcd', (b) => reconciledCell(v, b)),
      embedded: cell('embedded', (b) => reconciledCell(v, b)),
      raw: '',
      ratio: both
        .map((b) => `${num(v(`${b}.create.reconciledPerSec`) / v('raw.createsPerSec'))} (${b})`)
        .join(' / '),
      target: '',
      met: null,
    },
    {
      figure:
        'CPU per create through the API (server process, controllers and audit included, until the controllers have reconciled every agent; in brackets: while the creates were answered)',
      etcd: cell('etcd', cpuCell),
      embedded: cell('embedded', cpuCell),
      raw: '',
      ratio: '',
      target: '≤ 0.4 ms',
      met: judge(
        ['etcd', 'embedded'],
        'create.cpuMsPerCreate',
        (b) => v(`${b}.create.cpuMsPerCreate`) <= 0.4,
      ),
    },
    {
      figure: `mutating p99 at ${num(cfg.openLoop.rate)} creates/s offered (embedded)`,
      etcd: cell('etcd', (b) => openLoopCell(v, b)),
      embedded: cell('embedded', (b) => openLoopCell(v, b)),
      raw: '',
      ratio: '',
      target: '≤ 50 ms',
      met: judge(
        ['embedded'],
        'openLoop.p99Ms',
        (b) => v(`${b}.openLoop.p99Ms`) <= 50 && v(`${b}.openLoop.failed`) === 0,
      ),
    },
    {
      figure: `full list of ${num(cfg.listCount)} agents ÷ raw etcd range + JSON.parse of the same`,
      etcd: cell('etcd', (b) => listCell(v, b, cfg)),
      embedded: cell('embedded', (b) => listCell(v, b, cfg)),
      raw: ms(v('raw.rangeParseMs')),
      ratio: both.map((b) => `${num(listRatio(b))} (${b})`).join(' / '),
      target: '≤ 0.5',
      met: judge(['etcd', 'embedded'], 'create.list.ms', (b) => listRatio(b) <= 0.5),
    },
    {
      figure: 'reference: the same list once the server is quiet (every agent created), per item ÷ raw',
      etcd: cell('etcd', (b) => quietListCell(v, b, cfg)),
      embedded: cell('embedded', (b) => quietListCell(v, b, cfg)),
      raw: ms(v('raw.rangeParseMs')),
      ratio: both.map((b) => `${num(quietListPer(v, b, cfg) / v('raw.rangeParseMs'))} (${b})`).join(' / '),
      target: '',
      met: null,
    },
    watch(
      'watchFew',
      100,
      `${num(wf.watchers)} watchers at ${num(wf.rate)} writes/s: delivered within ${cfg.deliverySeconds} s, p99 write→event`,
    ),
    watch('watchMany', 200, `${num(wm.watchers)} watchers at ${num(wm.rate)} writes/s: delivered, p99`),
    {
      figure: `RssAnon of \`orgplane up\` holding ${num(cfg.holdAgents)} agents, after one full list (lowest within a minute once quiet)`,
      etcd: cell('etcd', rss),
      embedded: cell('embedded', rss),
      raw: '',
      ratio: '',
      target: '≤ 400 MiB',
      met: judge(['etcd', 'embedded'], 'hold.rssAnonMiB', (b) => v(`${b}.hold.rssAnonMiB`) <= 400),
    },
    {
      figure: `\`orgplane up\` to ready on an existing store with ${num(cfg.holdAgents)} agents`,
      etcd: cell('etcd', (b) => ms(v(`${b}.hold.readyMs`))),
      embedded: cell('embedded', (b) => ms(v(`${b}.hold.readyMs`))),
      raw: '',
      ratio: '',
      target: '≤ 3,000 ms (embedded)',
      met: judge(['embedded'], 'hold.readyMs', (b) => v(`${b}.hold.readyMs`) <= 3000),
    },
  ];
}
