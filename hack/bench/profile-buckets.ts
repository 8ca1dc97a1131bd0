/**
 * Where a server's CPU went, from a V8 `.cpuprofile` (node --cpu-prof): the samples taken in a time
 * window, each charged to the layer of its nearest frame in our code or a library (a sample in
 * Node's internals or a builtin such as JSON.parse is charged to whatever of ours called it; one
 * with no such caller, like the HTTP parser's callbacks, to Node's runtime). Idle time is left
 * out; GC is its own layer.
 */

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
}
interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}
export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  /** microseconds, V8's monotonic clock (CLOCK_MONOTONIC on Linux, as process.hrtime) */
  readonly startTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const HTTP_LAYER = 'HTTP serving (express, handlers, metrics, other server code)';

/** Layers in the order they are printed; the first matching rule wins. */
export const LAYERS: readonly (readonly [string, RegExp])[] = [
  [
    'controllers (in-process, their HTTPS client and informers)',
    /dist\/controllers\/|@kubernetes\/client-node|node-fetch/,
  ],
  [
    'audit (policy, capture, log file, AuditEvent objects)',
    /dist\/apiserver\/audit\/|winston|logform|safe-stable-stringify|triple-beam/,
  ],
  ['authentication and authorization', /dist\/apiserver\/(authn|authz)\/|node_modules\/jose\//],
  [
    'admission, validation, defaulting, schema',
    /dist\/apiserver\/(admission|admission-plugins|validation|schema|kinds)\//,
  ],
  ['managedFields (server-side apply bookkeeping)', /dist\/apiserver\/fieldmanager\//],
  ['registry (write pipeline, group commit, retries)', /dist\/apiserver\/registry\//],
  [
    'storage (codec, embedded lmdb or etcd client)',
    /dist\/apiserver\/storage\/|node_modules\/(lmdb|etcd3|@grpc|msgpackr)/,
  ],
  ['watch cache and watch fan-out', /dist\/apiserver\/(cache|lifecycle)\/|dist\/apiserver\/handlers\/watch/],
  [HTTP_LAYER, /dist\/apiserver\/|node_modules\/(express|router|body-parser|raw-body|prom-client)/],
];
/**
 * Frames of ours that only wrap a Node method (audit's tee of res.writeHead, res.write and
 * res.end): what runs below them outside our code, the socket write, is HTTP serving, not theirs.
 */
const WRAPPERS: readonly (readonly [RegExp, RegExp])[] = [
  [/dist\/apiserver\/audit\/capture\.js$/, /^resp\.(writeHead|write|end)$/],
];
const isWrapper = (f: CallFrame): boolean =>
  WRAPPERS.some(([url, fn]) => url.test(f.url) && fn.test(f.functionName));
const OTHER = 'other libraries';
const GC = 'garbage collector';
/** samples with no frame of ours or a library's on the stack: sockets, TLS, the HTTP parser, timers */
const RUNTIME = 'Node runtime and I/O (no caller of ours)';
const PROGRAM = 'V8 (program: native code outside JS frames)';

const owned = (url: string): boolean => url.includes('/dist/') || url.includes('/node_modules/');

export interface Breakdown {
  /** CPU milliseconds per layer in the window, idle excluded */
  readonly layers: ReadonlyMap<string, number>;
  readonly totalMs: number;
}

/** CPU per layer of the samples taken between fromUs and toUs (profile clock). */
export function breakdown(p: CpuProfile, fromUs: number, toUs: number): Breakdown {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const layerOf = new Map<number, string | undefined>();
  const classify = (id: number): string | undefined => {
    if (layerOf.has(id)) return layerOf.get(id);
    const n = byId.get(id);
    let layer: string | undefined;
    if (!n || n.callFrame.functionName === '(idle)') layer = undefined;
    else if (n.callFrame.functionName === '(garbage collector)') layer = GC;
    else if (n.callFrame.functionName === '(program)') layer = PROGRAM;
    else {
      let cur: ProfileNode | undefined = n;
      while (cur && !owned(cur.callFrame.url)) cur = byId.get(parent.get(cur.id) ?? -1);
      if (cur && cur !== n && isWrapper(cur.callFrame)) layer = HTTP_LAYER;
      else layer = cur ? (LAYERS.find(([, re]) => re.test(cur.callFrame.url))?.[0] ?? OTHER) : RUNTIME;
    }
    layerOf.set(id, layer);
    return layer;
  };
  const layers = new Map<string, number>();
  let t = p.startTime;
  let total = 0;
  p.samples.forEach((id, i) => {
    t += p.timeDeltas[i] ?? 0;
    if (t < fromUs || t > toUs) return;
    const layer = classify(id);
    if (layer === undefined) return;
    const ms = (p.timeDeltas[i + 1] ?? 0) / 1000;
    layers.set(layer, (layers.get(layer) ?? 0) + ms);
    total += ms;
  });
  return { layers, totalMs: total };
}

/**
 * Rows "layer, ms per op, share", largest first: each layer's share of the samples applied to
 * cpuMsPerOp, the CPU the kernel counted (a sample's weight is wall time since the one before, which
 * on a loaded machine includes time the thread waited for a core).
 */
export function breakdownRows(b: Breakdown, cpuMsPerOp: number): string[][] {
  return [...b.layers]
    .sort((x, y) => y[1] - x[1])
    .map(([layer, ms]) => [
      layer,
      ((cpuMsPerOp * ms) / b.totalMs).toFixed(3),
      `${((100 * ms) / b.totalMs).toFixed(1)} %`,
    ]);
}
