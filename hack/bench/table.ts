/** The Targets table as text (console) and as Markdown (README), from the recorded figures. */
import type { Figure, Results } from './results.js';

const HEAD = ['figure', 'etcd', 'embedded', 'raw etcd3', 'ratio', 'target', 'met?'];
const verdict = (met: boolean | null): string => (met === null ? 'n/a' : met ? 'yes' : 'NO');
const row = (f: Figure): string[] => [f.figure, f.etcd, f.embedded, f.raw, f.ratio, f.target, verdict(f.met)];

export function textTable(figures: readonly Figure[]): string {
  const rows = [HEAD, ...figures.map(row)];
  const width = HEAD.map((_, i) =>
    Math.min(i === 0 ? 60 : 48, Math.max(...rows.map((r) => (r[i] ?? '').length))),
  );
  const cut = (s: string, w: number): string => (s.length > w ? `${s.slice(0, w - 1)}…` : s.padEnd(w));
  return rows.map((r) => r.map((c, i) => cut(c, width[i] ?? 10)).join(' | ')).join('\n');
}

export function markdownTable(figures: readonly Figure[]): string {
  const esc = (s: string): string => s.replace(/\|/g, '\\|');
  const line = (cells: string[]): string => `| ${cells.map(esc).join(' | ')} |`;
  return [line(HEAD), line(HEAD.map(() => '---')), ...figures.map((f) => line(row(f)))].join('\n');
}

/** One paragraph saying what was run where, for the README above the table. */
export function provenance(r: Results): string {
  const c = r.config;
  const mode = c.quick ? ' **`--quick` run (smoke sizes; not a measurement)**' : '';
  return (
    `${r.date.slice(0, 10)}, commit ${r.commit.replace(/^([0-9a-f]{12})[0-9a-f]*/, '$1')}, ${r.machine.cpus} × ${r.machine.cpuModel}, ` +
    `${r.machine.memoryGiB} GiB, Node ${r.machine.node}; medians of ${c.rounds} round(s)${mode}. ` +
    `\`orgplane up\` (controllers, audit on) as a child process, every API figure as a ServiceAccount ` +
    `member bound to \`developer\` in an Organization with an agents quota, over HTTPS keep-alive; ` +
    `etcd ${r.machine.etcd} with fsync on loopback, shared with the raw etcd3 baseline.`
  );
}
