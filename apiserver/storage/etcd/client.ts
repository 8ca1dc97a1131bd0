import { Etcd3, type IOptions } from 'etcd3';
import { setTimeout as sleep } from 'node:timers/promises';
import { isTransient, toStorageError, wasNotSent } from './map-error.js';

export interface EtcdClientOptions {
  /** etcd client URLs, e.g. http://127.0.0.1:2379 */
  readonly endpoints: readonly string[];
  /** deadline of each unary request (default 15000 ms) */
  readonly requestTimeoutMs?: number;
  /** attempts for a request that failed to reach etcd (default 3) */
  readonly attempts?: number;
}

type Policy = NonNullable<NonNullable<IOptions['faultHandling']>['global']>;

/** The signal of a call no one cancels (etcd3 hands the policies' signal to nothing): one for all. */
const NEVER_ABORTED = new AbortController().signal;

/**
 * A policy that runs the call once. etcd3's defaults retry every "recoverable" failure, writes
 * included, which could apply a compare-and-swap twice; EtcdRpc retries instead, and only when safe.
 */
class RunOnce implements Policy {
  declare readonly _altReturn: never;
  readonly onSuccess = (): { dispose: () => void } => ({ dispose: () => undefined });
  readonly onFailure = (): { dispose: () => void } => ({ dispose: () => undefined });

  async execute<T>(
    fn: (context: { signal: AbortSignal }) => PromiseLike<T> | T,
    signal?: AbortSignal,
  ): Promise<T> {
    return fn({ signal: signal ?? NEVER_ABORTED });
  }
}
const runOnce = new RunOnce();

/** gRPC caps received messages at 4 MiB; a list of many objects needs far more (etcd's clientv3 default). */
const MAX_MESSAGE_BYTES = 2 ** 31 - 1;
/**
 * HTTP/2 flow-control window of the connection and of each stream. With the default 64 KiB, etcd
 * may send a watch at most 64 KiB per turn of our event loop; a busy server's turn takes tens of
 * milliseconds, so under sustained writes the watch fell behind (etcd counted it a slow watcher).
 */
const FLOW_CONTROL_WINDOW_BYTES = 16 * 2 ** 20;

export function createClient(opts: EtcdClientOptions): Etcd3 {
  const timeout = opts.requestTimeoutMs ?? 15_000;
  return new Etcd3({
    hosts: [...opts.endpoints],
    grpcOptions: {
      'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
      'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
      'grpc.keepalive_time_ms': 30_000,
      'grpc.keepalive_timeout_ms': 10_000,
      'grpc-node.flow_control_window': FLOW_CONTROL_WINDOW_BYTES,
    },
    defaultCallOptions: (ctx) => (ctx.isStream ? {} : { deadline: Date.now() + timeout }),
    faultHandling: { host: () => runOnce, global: runOnce },
  });
}

/** Runs etcd calls with bounded retries and StorageError translation. */
export class EtcdRpc {
  /** the highest store revision any etcd response has shown this client */
  private seen = 0;

  constructor(
    readonly client: Etcd3,
    private readonly attempts = 3,
  ) {}

  /** An idempotent call: retried on any transient failure. */
  read<T>(key: string, fn: (client: Etcd3) => Promise<T>): Promise<T> {
    return this.run(key, fn, isTransient);
  }

  /** A mutating call: retried only when etcd certainly did not receive it. */
  write<T>(key: string, fn: (client: Etcd3) => Promise<T>): Promise<T> {
    return this.run(key, fn, wasNotSent);
  }

  /**
   * A revision at or after every write this client has seen complete: a watch "from now" starts
   * here, so it includes every write that finishes after watch() is called.
   */
  get lastSeenRevision(): number {
    return this.seen;
  }

  observe(revision: number): void {
    if (revision > this.seen) this.seen = revision;
  }

  private async run<T>(
    key: string,
    fn: (client: Etcd3) => Promise<T>,
    retry: (e: unknown) => boolean,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await fn(this.client);
        this.observe(headerRevision(result));
        return result;
      } catch (err) {
        if (attempt >= this.attempts || !retry(err)) throw toStorageError(err, key);
        await sleep(50 * 2 ** attempt);
      }
    }
  }
}

/** The store revision in an etcd response header, 0 for results without one. */
function headerRevision(result: unknown): number {
  if (typeof result !== 'object' || result === null || !('header' in result)) return 0;
  const header: unknown = result.header;
  if (typeof header !== 'object' || header === null || !('revision' in header)) return 0;
  return Number(header.revision) || 0;
}
