/**
 * Watches streamed from a request listener in this process (the API server's own, for the
 * controllers `orgplane up` runs beside it), with client-node's Watch contract: the request goes
 * through everything the listener does (authentication by the bearer token, authorization,
 * audit), and each line the server writes is parsed from the string or bytes it wrote, without
 * TLS, sockets, the HTTP parser or a client library on either side (in-process-exchange.ts).
 * Stopping a watch (its AbortController) closes the request as a client's disconnect does, which
 * ends the server's watcher; the server ending the stream calls `done` once, as client-node's
 * Watch does.
 */
import { STATUS_CODES, type RequestListener } from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import { exchange, type InProcessTarget, type ResponseSink } from './in-process-exchange.js';
import { withQuery, type WatchLibrary } from './transport.js';

/** Complete lines of a 200 response go to onLine (an error response's body is a Status, not events). */
class Lines implements ResponseSink {
  status = 0;
  private readonly decoder = new StringDecoder('utf8');
  private rest = '';

  constructor(private readonly onLine: (line: string) => void) {}

  head(status: number): void {
    this.status = status;
  }

  chunk(data: string | Uint8Array): void {
    if (this.status !== 200) return;
    const text =
      typeof data === 'string'
        ? data
        : this.decoder.write(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    // lines found with indexOf, not split: a watch writes one event per chunk, thousands a second
    const all = this.rest + text;
    let start = 0;
    for (let nl = all.indexOf('\n'); nl >= 0; nl = all.indexOf('\n', start)) {
      if (nl > start) this.onLine(all.slice(start, nl));
      start = nl + 1;
    }
    this.rest = start === 0 ? all : all.slice(start);
  }
}

export class InProcessWatch implements WatchLibrary {
  /** watches of `listener` at `target` (the server URL's host and path) with `token` as the bearer token */
  constructor(
    private readonly listener: RequestListener,
    private readonly target: InProcessTarget,
    private readonly token: string,
  ) {}

  watch(
    path: string,
    queryParams: Record<string, unknown>,
    callback: (phase: string, apiObj: unknown, watchObj?: unknown) => void,
    done: (err: unknown) => void,
  ): Promise<AbortController> {
    const controller = new AbortController();
    let called = false;
    const finish = (err: unknown): void => {
      if (called) return;
      called = true;
      controller.abort();
      done(err);
    };
    const lines = new Lines((line) => {
      if (called) return;
      let data: { type: string; object: unknown };
      try {
        data = JSON.parse(line) as typeof data;
      } catch {
        return; // a line that is not an event is skipped, as client-node's Watch does
      }
      try {
        callback(data.type, data.object, data);
      } catch (err) {
        // the callback's failure ends the watch (its owner re-watches), not the server's writer
        finish(err);
      }
    });
    const ex = exchange(
      this.listener,
      {
        method: 'GET',
        path: this.target.prefix + withQuery(path, { watch: 'true', ...queryParams }),
        host: this.target.host,
        headers: { Accept: 'application/json', Authorization: `Bearer ${this.token}` },
      },
      lines,
    );
    controller.signal.addEventListener('abort', () => {
      ex.disconnect();
    });
    void ex.ended.then(() => {
      if (lines.status === 200) finish(null);
      else
        finish(
          Object.assign(new Error(STATUS_CODES[lines.status] ?? 'Internal Server Error'), {
            statusCode: lines.status,
          }),
        );
    });
    return Promise.resolve(controller);
  }
}
