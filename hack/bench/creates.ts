/**
 * Figures 1-5 on one running server, as the organization member: closed-loop creates into one
 * organization (pausing at cfg.listCount agents for one full list), the server's CPU per create
 * (until the controllers have reconciled every agent created: they fall behind a burst), how many
 * agents per second were created and reconciled, one more full list once the server is quiet, and
 * the mutating latency of creates offered at a fixed rate (open loop).
 */
import { apiClient, type ApiClient, type Credentials } from './client.js';
import { agentBody } from './agents.js';
import type { BenchConfig } from './config.js';
import { closedLoop, nowMs, openLoop, type LoadResult, type Op } from './load.js';
import { percentile } from './stats.js';
import { cpuMs, settle } from './proc.js';
import { API } from './tenant.js';

export interface CreateFigures {
  readonly perSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly done: number;
  readonly failed: number;
  readonly capped: boolean;
  readonly firstFailure?: string;
  /** server CPU from the first create until the controllers have settled (one list included) */
  readonly cpuMsPerCreate: number;
  /** server CPU while the creates were answered only: the controllers' backlog left out */
  readonly cpuMsWhileCreating: number;
  /** from the last create's answer until the server went quiet (the controllers' backlog) */
  readonly settleMs: number;
  readonly settleCapped: boolean;
  /** agents created and reconciled per second: from the first create until the server was quiet */
  readonly reconciledPerSec: number;
  /** the full list made halfway, while the server still worked through the creates' backlog */
  readonly list: { readonly count: number; readonly ms: number };
  /** a full list of every agent created, on the settled server */
  readonly quietList: { readonly count: number; readonly ms: number };
}

export interface OpenLoopFigures {
  readonly offeredPerSec: number;
  readonly issued: number;
  readonly done: number;
  readonly failed: number;
  /** the first failure's status and text, when some failed (429: shed by priority and fairness) */
  readonly firstFailure?: string;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly capped: boolean;
}

export const createOp =
  (c: ApiClient, org: string, prefix: string, bytes?: number, stamp = false): Op =>
  async (i, sentAt) => {
    const body = agentBody(`${prefix}-${i}`, bytes, stamp ? sentAt : undefined);
    const a = await c.call('POST', `${API}/namespaces/${org}/agents`, body);
    return a.status === 201 ? true : `${a.status} ${a.text.slice(0, 200)}`;
  };

/** One full list of the organization's agents: milliseconds to the last byte, and the item count. */
export async function fullList(c: ApiClient, org: string): Promise<{ count: number; ms: number }> {
  const t0 = nowMs();
  const a = await c.call('GET', `${API}/namespaces/${org}/agents`);
  const ms = nowMs() - t0;
  if (a.status !== 200)
    throw new Error(`list of ${org}'s agents answered ${a.status}: ${a.text.slice(0, 200)}`);
  return { count: (JSON.parse(a.text) as { items: unknown[] }).items.length, ms };
}

export async function createFigures(
  c: ApiClient,
  serverPid: number,
  org: string,
  cfg: BenchConfig,
): Promise<CreateFigures> {
  const op = createOp(c, org, 'c');
  const capMs = cfg.createCapSeconds * 1000;
  const first = Math.min(cfg.listCount, cfg.creates);
  // Open every socket first: TLS handshakes are not part of a create's cost.
  await Promise.all(
    Array.from({ length: cfg.inFlight }, () => c.call('GET', `${API}/namespaces/${org}/agents?limit=1`)),
  );
  const cpu0 = cpuMs(serverPid);
  const t0 = nowMs();
  const a = await closedLoop(0, first, cfg.inFlight, capMs, op);
  const cpu1 = cpuMs(serverPid);
  const list = await fullList(c, org);
  const cpu2 = cpuMs(serverPid);
  const b: LoadResult = a.capped
    ? { done: 0, failed: 0, elapsedMs: 0, latencies: [], capped: true }
    : await closedLoop(first, cfg.creates - first, cfg.inFlight, capMs - a.elapsedMs, op);
  const cpu3 = cpuMs(serverPid);
  const settleFrom = nowMs();
  const settled = await settle(serverPid, capMs);
  const reconciledMs = settleFrom - t0 + settled.ms;
  const quietList = await fullList(c, org);
  const done = a.done + b.done;
  const latencies = [...a.latencies, ...b.latencies];
  const firstFailure = a.firstFailure ?? b.firstFailure;
  return {
    perSec: (done / (a.elapsedMs + b.elapsedMs)) * 1000,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    done,
    failed: a.failed + b.failed,
    capped: a.capped || b.capped,
    ...(firstFailure === undefined ? {} : { firstFailure }),
    cpuMsPerCreate: (settled.cpuMs - cpu0) / Math.max(1, done),
    cpuMsWhileCreating: (cpu1 - cpu0 + (cpu3 - cpu2)) / Math.max(1, done),
    settleMs: settled.ms,
    settleCapped: settled.capped,
    reconciledPerSec: settled.capped ? NaN : (done / reconciledMs) * 1000,
    list,
    quietList,
  };
}

/** On its own sockets, closed at the end: requests unanswered by then are abandoned, not left queued. */
export async function openLoopFigures(
  cred: Credentials,
  org: string,
  cfg: BenchConfig,
): Promise<OpenLoopFigures> {
  const { rate, seconds } = cfg.openLoop;
  const c = apiClient(cred, 512);
  const r = await openLoop(0, rate, seconds, cfg.stepCapSeconds * 1000, createOp(c, org, 'ol')).finally(
    () => {
      c.close();
    },
  );
  return {
    offeredPerSec: rate,
    issued: r.issued,
    done: r.done,
    failed: r.failed,
    ...(r.firstFailure === undefined ? {} : { firstFailure: r.firstFailure.slice(0, 120) }),
    p50Ms: percentile(r.latencies, 50),
    p99Ms: percentile(r.latencies, 99),
    capped: r.capped,
  };
}
