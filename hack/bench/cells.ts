/**
 * Table cells from medians: numbers to three significant digits (thousands grouped), and the notes
 * a reader needs to trust a cell (a capped phase, a list shorter than asked, ended watch streams).
 */
import type { Backend, BenchConfig } from './config.js';

/** A median by its flattened name (e.g. "etcd.create.perSec"); NaN when missing. */
export type Lookup = (key: string) => number;

export const num = (x: number): string =>
  !Number.isFinite(x)
    ? '-'
    : Math.abs(x) >= 100 || Number.isInteger(x)
      ? Math.round(x).toLocaleString('en-US')
      : x.toPrecision(3);

export const ms = (x: number): string => (Number.isFinite(x) ? `${num(x)} ms` : '-');

export function rateCell(v: Lookup, b: Backend, cfg: BenchConfig): string {
  const done = v(`${b}.create.done`);
  const capped = done < cfg.creates ? `, capped at ${num(done)} done` : '';
  return `${num(v(`${b}.create.perSec`))}/s (p99 ${ms(v(`${b}.create.p99Ms`))}${capped})`;
}

/** Agents created and reconciled per second, over the whole burst and the controllers' backlog. */
export function reconciledCell(v: Lookup, b: Backend): string {
  const rate = v(`${b}.create.reconciledPerSec`);
  return Number.isFinite(rate) ? `${num(rate)}/s` : '- (the controllers did not settle)';
}

/** The quiet list, and its time per cfg.listCount agents (the raw figure's count). */
export function quietListCell(v: Lookup, b: Backend, cfg: BenchConfig): string {
  const count = v(`${b}.create.quietList.count`);
  return `${ms(v(`${b}.create.quietList.ms`))} for ${num(count)} (${ms(quietListPer(v, b, cfg))} per ${num(cfg.listCount)})`;
}

export function quietListPer(v: Lookup, b: Backend, cfg: BenchConfig): number {
  return (v(`${b}.create.quietList.ms`) * cfg.listCount) / v(`${b}.create.quietList.count`);
}

export function listCell(v: Lookup, b: Backend, cfg: BenchConfig): string {
  const count = v(`${b}.create.list.count`);
  const short = count < cfg.listCount ? ` (of ${num(count)} agents)` : '';
  return `${ms(v(`${b}.create.list.ms`))}${short}`;
}

export function openLoopCell(v: Lookup, b: Backend): string {
  const done = v(`${b}.openLoop.done`);
  const issued = v(`${b}.openLoop.issued`);
  const failed = v(`${b}.openLoop.failed`);
  const answered = done < issued ? ` (${num(done)} of ${num(issued)} answered in time)` : '';
  const failures = failed > 0 ? ` (${num(failed)} of ${num(issued)} failed)` : '';
  return `${ms(v(`${b}.openLoop.p99Ms`))}${answered}${failures}`;
}

export function watchCell(v: Lookup, b: Backend, key: 'watchFew' | 'watchMany'): string {
  const ended = v(`${b}.${key}.endedEarly`);
  const note = ended > 0 ? ` (${num(ended)} streams ended early)` : '';
  return `${num(v(`${b}.${key}.deliveredPct`))} %, p99 ${ms(v(`${b}.${key}.p99Ms`))}${note}`;
}
