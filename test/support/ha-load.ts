/**
 * Steady load for fault tests on several API servers: writers that create Agents and fail over
 * between servers, and a watcher that resumes on whichever server is alive from the last
 * resourceVersion it saw. Both take a getter for the servers, so a test may replace one (a
 * restart) while they run.
 */
import { agent, agentsPath } from './api-helpers.js';
import type { ApiServerProcess } from './ha.js';
import type { CallResult } from './https-call.js';

export type Servers = () => readonly ApiServerProcess[];

export interface Seen {
  readonly type: string;
  readonly name: string;
  readonly rv: number;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const alive = (s: ApiServerProcess): boolean => s.child.exitCode === null && s.child.signalCode === null;

/** Watch `path` on whichever server is alive, resuming from the last resourceVersion seen. */
export function resilientWatch(servers: Servers, path: string, fromRv: string) {
  const seen: Seen[] = [];
  const errors: string[] = [];
  let rv = fromRv;
  const state = { stopped: false };
  let close: (() => void) | undefined;
  const loop = async (): Promise<void> => {
    for (let turn = 0; !state.stopped; turn++) {
      const live = servers().filter(alive);
      const s = live[turn % Math.max(1, live.length)];
      if (!s) {
        await pause(50);
        continue;
      }
      const w = s.stream(`${path}?watch=1&allowWatchBookmarks=true&resourceVersion=${rv}`, (line) => {
        const ev = JSON.parse(line) as {
          type: string;
          object: { metadata: { name?: string; resourceVersion?: string } };
        };
        if (ev.type === 'ERROR') {
          errors.push(line);
          return;
        }
        const r = ev.object.metadata.resourceVersion;
        if (r) rv = r;
        if (ev.type !== 'BOOKMARK')
          seen.push({ type: ev.type, name: ev.object.metadata.name ?? '', rv: Number(r) });
      });
      close = () => {
        w.close();
      };
      await w.ended;
      await pause(50);
    }
  };
  const done = loop();
  return {
    seen,
    /** ERROR events (e.g. 410 Gone): a resuming watcher must never get one */
    errors,
    stop: async () => {
      state.stopped = true;
      close?.();
      await done;
    },
  };
}

export interface Attempt {
  /** the answer, or undefined when the connection failed (refused, reset) */
  readonly result: CallResult | undefined;
  readonly ms: number;
}

/**
 * Create Agent `name` through the servers in turn, as a client behind a load balancer that retries
 * only when no answer came (connection refused or broken). A 409 AlreadyExists after such a retry
 * means an earlier attempt landed. Resolves with the final answer (any HTTP status ends it).
 */
export async function createRetryingConnections(
  servers: Servers,
  ns: string,
  name: string,
  first = 0,
  timeoutMs = 60_000,
): Promise<CallResult> {
  const deadline = Date.now() + timeoutMs;
  let broken = false;
  for (let i = first; ; i++) {
    const live = servers();
    const s = live[i % live.length];
    if (!s) throw new Error('no API servers');
    const r = await s.call('POST', agentsPath(ns), { body: agent(name) }).catch(() => undefined);
    if (r) {
      if (r.status === 409 && broken) return { ...r, status: 201 };
      return r;
    }
    broken = true;
    if (Date.now() > deadline)
      throw new Error(`no server answered a create of ${name} in ${String(timeoutMs)} ms`);
    await pause(20);
  }
}

/** Create through the first server that answers 201, moving on past refusals and errors. */
export async function createWithFailover(servers: Servers, ns: string, name: string): Promise<boolean> {
  for (let attempt = 0; attempt < 100; attempt++) {
    for (const s of servers()) {
      // a client with a request timeout: one stuck behind a lost etcd leader moves on to the next server
      const r = await s
        .call('POST', agentsPath(ns), { body: agent(name), timeoutMs: 2000 })
        .catch(() => undefined);
      if (r?.status === 201) return true;
      if (r?.status === 409) return true; // an earlier attempt landed before its answer was lost
    }
    await pause(100);
  }
  return false;
}

/** Every name the watcher saw once, in resourceVersion order: no gap, no repeat. */
export function checkSequence(seen: readonly Seen[], acknowledged: readonly string[]): void {
  const names = seen.map((e) => e.name);
  const dup = names.filter((n, i) => names.indexOf(n) !== i);
  if (dup.length > 0) throw new Error(`events repeated: ${dup.join(', ')}`);
  const rvs = seen.map((e) => e.rv);
  for (let i = 1; i < rvs.length; i++)
    if (!((rvs[i] ?? 0) > (rvs[i - 1] ?? 0)))
      throw new Error(
        `resourceVersions out of order at ${String(i)}: ${String(rvs[i - 1])}, ${String(rvs[i])}`,
      );
  const got = new Set(names);
  const missed = acknowledged.filter((n) => !got.has(n));
  if (missed.length > 0) throw new Error(`events missed: ${missed.join(', ')}`);
}

/**
 * Waits (up to 20 s) until `watch` saw as many events as writes were acknowledged, stops it, and
 * throws unless it saw each acknowledged write once, in resourceVersion order, with no ERROR.
 */
export async function expectWatchedAll(
  watch: ReturnType<typeof resilientWatch>,
  acknowledged: readonly string[],
): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (watch.seen.length < acknowledged.length && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  await watch.stop();
  if (watch.errors.length > 0) throw new Error(`watch errors: ${watch.errors.join('; ')}`);
  checkSequence(watch.seen, acknowledged);
  if (watch.seen.length !== acknowledged.length)
    throw new Error(`saw ${String(watch.seen.length)} events for ${String(acknowledged.length)} writes`);
}

/** Names of the Agents stored in `ns`, read through the first server that answers. */
export async function storedAgents(servers: Servers, ns: string): Promise<Set<string>> {
  for (const s of servers()) {
    const r = await s.call('GET', agentsPath(ns)).catch(() => undefined);
    if (r?.status === 200)
      return new Set(
        (r.json as { items: { metadata: { name: string } }[] }).items.map((o) => o.metadata.name),
      );
  }
  throw new Error('no server listed the agents');
}
