/**
 * One request handed to a request listener in this process (the API server's own, for the
 * controllers `orgplane up` runs beside it) without a socket: Node's own IncomingMessage and
 * ServerResponse, so the listener (Express, its middleware, the handlers) sees what a real server
 * hands it, but the response's writeHead, write, end and flushHeaders are the exchange's: they keep
 * the status, headers and each chunk as written instead of building a header block and copying the
 * body into a socket. They are own, writable properties: they survive Express re-parenting the
 * response, and middleware may wrap them (audit capture wraps writeHead, write and end); as in
 * Node, a write, end or flushHeaders before any writeHead calls res.writeHead (wrapped or not).
 *
 * Contract for the listener's side: the request has its body (Content-Length set) and has ended;
 * `req.socket` is a stand-in with remoteAddress 127.0.0.1; `finish` then `close` follow `end` on
 * the next ticks, as on a socket that took the bytes; `write` never asks to wait for `drain`.
 * `disconnect()` is a client going away: the request is destroyed (`aborted`, `close`) and the
 * response closes without finishing.
 */
import { IncomingMessage, ServerResponse, type OutgoingHttpHeaders, type RequestListener } from 'node:http';
import type { Socket } from 'node:net';

/** Where a server URL sends requests: its Host header and the path every request's goes under. */
export interface InProcessTarget {
  readonly host: string;
  readonly prefix: string;
}

export function targetOf(server: string): InProcessTarget {
  const url = new URL(server);
  return { host: url.host, prefix: url.pathname.replace(/\/+$/, '') };
}

export interface OutgoingExchange {
  readonly method: string;
  /** path and query */
  readonly path: string;
  /** the Host header: host[:port] of the server the request pretends to reach */
  readonly host: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/**
 * What the listener writes: the status once (before the first chunk), then each chunk as written:
 * a string is UTF-8 text (one written in another encoding arrives as its bytes).
 */
export interface ResponseSink {
  head(status: number): void;
  chunk(data: string | Uint8Array): void;
}

export interface Exchange {
  /** settles once the listener ends the response (or the request is disconnected) */
  readonly ended: Promise<void>;
  readonly response: ServerResponse;
  disconnect(): void;
}

/**
 * The socket every in-process request reports: a loopback peer; TLS as the real listener serves;
 * open both ways (on-finished, which body parsers ask, takes a closed socket for a read body);
 * `destroyed`, so a destroyed request does not try to tear a connection down; its controls do nothing.
 */
const LOOPBACK = Object.freeze({
  remoteAddress: '127.0.0.1',
  remotePort: 0,
  remoteFamily: 'IPv4',
  encrypted: true,
  readable: true,
  writable: true,
  destroyed: true,
  writableLength: 0,
  resume: () => LOOPBACK,
  pause: () => LOOPBACK,
  setNoDelay: () => LOOPBACK,
  setKeepAlive: () => LOOPBACK,
  setTimeout: () => LOOPBACK,
  destroy: () => LOOPBACK,
}) as unknown as Socket;

function requestOf(out: OutgoingExchange): IncomingMessage {
  const req = new IncomingMessage(LOOPBACK);
  req.method = out.method;
  req.url = out.path;
  req.httpVersion = '1.1';
  req.httpVersionMajor = 1;
  req.httpVersionMinor = 1;
  const headers: Record<string, string> = { host: out.host };
  for (const name of Object.keys(out.headers)) headers[name.toLowerCase()] = out.headers[name] ?? '';
  if (out.body !== undefined) headers['content-length'] = String(Buffer.byteLength(out.body));
  req.headers = headers;
  if (out.body !== undefined && out.body !== '') req.push(out.body, 'utf8');
  req.push(null);
  req.complete = true;
  return req;
}

type Callback = (err?: Error | null) => void;

/**
 * Node's OutgoingMessage answers headersSent from its `_header` (the header block it wrote) and
 * writableEnded / writableFinished from `finished` (no socket, nothing buffered): the exchange
 * sets those, so the response keeps Node's own accessors, and setHeader after the head throws
 * ERR_HTTP_HEADERS_SENT as it does on a socket.
 */
function markHeaderSent(res: ServerResponse): void {
  (res as unknown as { _header: string })._header = `HTTP/1.1 ${String(res.statusCode)}\r\n\r\n`;
}

function markEnded(res: ServerResponse): void {
  (res as unknown as { finished: boolean }).finished = true;
}

/** The first function among a write's optional arguments (its callback), if any. */
function callbackOf(a: unknown, b: unknown, c?: unknown): Callback | undefined {
  if (typeof a === 'function') return a as Callback;
  if (typeof b === 'function') return b as Callback;
  return typeof c === 'function' ? (c as Callback) : undefined;
}

/** Hands the request to listener; what it writes goes to sink. */
export function exchange(listener: RequestListener, out: OutgoingExchange, sink: ResponseSink): Exchange {
  const req = requestOf(out);
  const res = new ServerResponse(req);
  let sent = false;
  let ended = false;
  let closed = false;
  let settle: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    settle = resolve;
  });
  const close = (): void => {
    if (closed) return;
    closed = true;
    res.emit('close');
    settle();
  };
  const head = (): void => {
    if (sent) return;
    sent = true;
    markHeaderSent(res);
    sink.head(res.statusCode);
  };
  // as Node's implicit header: through res.writeHead, which middleware may have wrapped
  const implicitHead = (): void => {
    if (!sent) res.writeHead(res.statusCode);
  };
  const keep = (data: unknown, encoding: unknown): void => {
    if (data === undefined || data === null) return;
    if (typeof data !== 'string' && !(data instanceof Uint8Array))
      throw new TypeError('a response chunk must be a string or a Buffer');
    if (ended || closed || out.method === 'HEAD') return;
    const utf8 = typeof encoding !== 'string' || encoding === 'utf8' || encoding === 'utf-8';
    sink.chunk(typeof data === 'string' && !utf8 ? Buffer.from(data, encoding as BufferEncoding) : data);
  };
  const writeHead = (status: number, reason?: unknown, headers?: unknown): ServerResponse => {
    const fields = typeof reason === 'string' ? headers : reason;
    res.statusCode = status;
    if (Array.isArray(fields))
      for (let i = 0; i + 1 < fields.length; i += 2)
        res.setHeader(String(fields[i]), fields[i + 1] as string);
    else if (fields && typeof fields === 'object')
      for (const [name, value] of Object.entries(fields as OutgoingHttpHeaders))
        if (value !== undefined) res.setHeader(name, value);
    head();
    return res;
  };
  const write = (data: unknown, encoding?: unknown, cb?: unknown): boolean => {
    implicitHead();
    keep(data, typeof encoding === 'function' ? undefined : encoding);
    const callback = callbackOf(encoding, cb);
    if (callback) process.nextTick(callback);
    return true;
  };
  const end = (data?: unknown, encoding?: unknown, cb?: unknown): ServerResponse => {
    if (ended) return res;
    implicitHead();
    keep(
      typeof data === 'function' ? undefined : data,
      typeof encoding === 'function' ? undefined : encoding,
    );
    ended = true;
    markEnded(res);
    const callback = callbackOf(data, encoding, cb);
    if (callback) res.once('finish', callback);
    process.nextTick(() => {
      if (closed) return;
      res.emit('prefinish');
      res.emit('finish');
      process.nextTick(close);
    });
    return res;
  };
  // plain assignments: defining properties on the instance would turn it into a dictionary-mode
  // object (kilobytes and microseconds per request, and slower for every later access)
  Object.assign(res, { writeHead, flushHeaders: implicitHead, write, end });
  listener(req, res);
  return {
    ended: done,
    response: res,
    disconnect: () => {
      if (closed) return;
      if (!req.destroyed) req.destroy();
      close();
    },
  };
}
