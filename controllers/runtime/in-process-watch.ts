/**
 * Watches streamed from a request listener in this process (the API server's own, for the
 * controllers `orgplane up` runs beside it), with client-node's Watch contract: the request goes
 * through everything the listener does (authentication by the bearer token, authorization,
 * audit), and each line the server writes is parsed from the string or bytes it wrote, without
 * TLS, sockets, the HTTP parser or node-fetch on either side. Stopping a watch (its
 * AbortController) closes the request as a client's disconnect does, which ends the server's
 * watcher; the server ending the stream calls `done` once, as client-node's Watch does.
 */
import { STATUS_CODES, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import inject from 'light-my-request';
import { takeOverWrites } from './in-process-body.js';
import { pinPrototype } from './pin-prototype.js';
import { withQuery, type WatchLibrary } from './transport.js';

/**
 * Takes over a response's write and end: complete lines of a 200 response go to onLine (an error
 * response's body is a Status, not events), split across chunks as written.
 */
function streamLines(resp: ServerResponse, onLine: (line: string) => void): void {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  const keep = (data: unknown, encoding: unknown): void => {
    if (resp.statusCode !== 200 || data === undefined || data === null) return;
    let text: string;
    if (typeof data === 'string')
      text =
        typeof encoding === 'string' && !/^utf-?8$/i.test(encoding)
          ? Buffer.from(data, encoding as BufferEncoding).toString('utf8')
          : data;
    else if (data instanceof Uint8Array)
      text = decoder.write(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    else throw new TypeError('a response chunk must be a string or a Buffer');
    // lines found with indexOf, not split: a watch writes one event per chunk, thousands a second
    const all = rest + text;
    let start = 0;
    for (let nl = all.indexOf('\n'); nl >= 0; nl = all.indexOf('\n', start)) {
      if (nl > start) onLine(all.slice(start, nl));
      start = nl + 1;
    }
    rest = start === 0 ? all : all.slice(start);
  };
  takeOverWrites(resp, keep);
}

/** light-my-request's response socket is a plain Writable: the server's TCP options do nothing. */
function noTcpOptions(socket: Socket | null): void {
  if (socket && typeof (socket as Partial<Socket>).setNoDelay !== 'function')
    Object.defineProperty(socket, 'setNoDelay', { value: () => socket });
}

/** The client went away: the request closes (light-my-request's destroy does nothing once read). */
function disconnect(req: IncomingMessage): void {
  if (req.destroyed) return;
  req.destroy();
  if (!(req as { destroyed: boolean }).destroyed) req.emit('close');
}

export class InProcessWatch implements WatchLibrary {
  private readonly base: string;

  /** watches of `listener` as if sent to `server` (its URL) with `token` as the bearer token */
  constructor(
    private readonly listener: RequestListener,
    server: string,
    private readonly token: string,
  ) {
    this.base = server.replace(/\/+$/, '');
  }

  watch(
    path: string,
    queryParams: Record<string, unknown>,
    callback: (phase: string, apiObj: unknown, watchObj?: unknown) => void,
    done: (err: unknown) => void,
  ): Promise<AbortController> {
    const url = this.base + withQuery(path, { watch: 'true', ...queryParams });
    const controller = new AbortController();
    let called = false;
    const finish = (err: unknown): void => {
      if (called) return;
      called = true;
      controller.abort();
      done(err);
    };
    const onLine = (line: string): void => {
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
        if (request) disconnect(request);
      }
    };
    let request: IncomingMessage | undefined;
    const dispatch: RequestListener = (req, res) => {
      pinPrototype(req);
      pinPrototype(res);
      noTcpOptions(res.socket);
      streamLines(res, onLine);
      request = req;
      if (controller.signal.aborted) disconnect(req);
      this.listener(req, res);
    };
    controller.signal.addEventListener('abort', () => {
      if (request) disconnect(request);
    });
    inject(dispatch, {
      method: 'GET',
      url,
      headers: { Accept: 'application/json', Authorization: `Bearer ${this.token}` },
      remoteAddress: '127.0.0.1',
    }).then((res) => {
      if (res.statusCode === 200) finish(null);
      else
        finish(
          Object.assign(new Error(STATUS_CODES[res.statusCode] ?? 'Internal Server Error'), {
            statusCode: res.statusCode,
          }),
        );
    }, finish);
    return Promise.resolve(controller);
  }
}
