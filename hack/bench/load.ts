/**
 * Load shapes: a closed loop (n operations, a fixed number in flight, stopped at a time cap) and an
 * open loop (operations issued on a fixed schedule whatever the answers; latency counted from the
 * scheduled time, so a slow server cannot hide its queue).
 */
export interface LoadResult {
  /** operations that answered (ok or not) */
  readonly done: number;
  readonly failed: number;
  /** the first failure, for the report */
  readonly firstFailure?: string;
  readonly elapsedMs: number;
  /** per answered operation, milliseconds */
  readonly latencies: number[];
  /** true when the time cap stopped the loop before n */
  readonly capped: boolean;
}

/** ok: true, or a short reason of the failure */
export type Op = (i: number, sentAt: number) => Promise<true | string>;

/** Epoch milliseconds with sub-millisecond precision (shared by writer and watchers). */
export const nowMs = (): number => performance.timeOrigin + performance.now();

interface Tally {
  done: number;
  failed: number;
  firstFailure?: string;
  latencies: number[];
}

async function timed(op: Op, i: number, sentAt: number, t: Tally): Promise<void> {
  let outcome: true | string;
  try {
    outcome = await op(i, sentAt);
  } catch (err) {
    outcome = err instanceof Error ? err.message : String(err);
  }
  t.latencies.push(nowMs() - sentAt);
  t.done++;
  if (outcome !== true) {
    t.failed++;
    t.firstFailure ??= outcome;
  }
}

const result = (t: Tally, start: number, capped: boolean): LoadResult => ({
  done: t.done,
  failed: t.failed,
  ...(t.firstFailure === undefined ? {} : { firstFailure: t.firstFailure }),
  elapsedMs: nowMs() - start,
  latencies: t.latencies,
  capped,
});

/** ops first..first+n-1, inFlight at a time; no new op starts after capMs. */
export async function closedLoop(
  first: number,
  n: number,
  inFlight: number,
  capMs: number,
  op: Op,
): Promise<LoadResult> {
  const t: Tally = { done: 0, failed: 0, latencies: [] };
  const start = nowMs();
  let next = 0;
  let capped = false;
  const worker = async (): Promise<void> => {
    while (next < n) {
      if (nowMs() - start > capMs) {
        capped = true;
        return;
      }
      const i = first + next++;
      await timed(op, i, nowMs(), t);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return result(t, start, capped);
}

/**
 * rate ops per second for seconds (op i due at start + i/rate); then waits for the answers at most
 * graceMs. Ops still unanswered then are left running and not counted.
 */
export async function openLoop(
  first: number,
  rate: number,
  seconds: number,
  graceMs: number,
  op: Op,
): Promise<LoadResult & { issued: number }> {
  const t: Tally = { done: 0, failed: 0, latencies: [] };
  const n = Math.round(rate * seconds);
  const start = nowMs();
  const running: Promise<void>[] = [];
  let issued = 0;
  while (issued < n) {
    const now = nowMs();
    while (issued < n && start + (issued * 1000) / rate <= now) {
      running.push(timed(op, first + issued, start + (issued * 1000) / rate, t));
      issued++;
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<boolean>(
    (resolve) =>
      (timer = setTimeout(() => {
        resolve(true);
      }, graceMs)),
  );
  const capped = await Promise.race([Promise.all(running).then(() => false), grace]);
  clearTimeout(timer);
  const r = result(t, start, capped);
  return { ...r, latencies: [...r.latencies], issued };
}

/** One op that hands operation i to ops[i mod ops.length]: several servers taking turns. */
export function inTurn(ops: readonly Op[]): Op {
  if (ops.length === 0) throw new Error('inTurn: no operations to take turns');
  return (i, sentAt) => {
    const op = ops[i % ops.length];
    return op ? op(i, sentAt) : Promise.resolve(`no operation for ${i}`);
  };
}
