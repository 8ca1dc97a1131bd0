/**
 * A Transport (transport.ts) that hands each request to a request listener in this process (the
 * API server's own, for the controllers `orgplane up` runs beside it) instead of a socket: the
 * request still goes through everything the listener does (authentication by its bearer token,
 * authorization, admission, audit) but not through TLS, the HTTP parser or a client library on
 * either side (in-process-exchange.ts). A request is answered once its response has ended; the
 * body is kept as the chunks were written and joined once. Watches stream through
 * in-process-watch.ts.
 */
import type { RequestListener } from 'node:http';
import { exchange, targetOf, type ResponseSink } from './in-process-exchange.js';
import { InProcessWatch } from './in-process-watch.js';
import type { Answer, OutgoingRequest, Transport } from './transport.js';

/** The body of a response as written: strings (the API server writes JSON text) or bytes. */
class Body implements ResponseSink {
  status = 0;
  private readonly chunks: (string | Buffer)[] = [];
  private binary = false;

  head(status: number): void {
    this.status = status;
  }

  chunk(data: string | Uint8Array): void {
    if (typeof data === 'string') this.chunks.push(data);
    else {
      this.binary = true;
      this.chunks.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    }
  }

  text(): string {
    if (!this.binary) return this.chunks.join('');
    return Buffer.concat(
      this.chunks.map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c)),
    ).toString('utf8');
  }
}

/**
 * The answer, or a TimeoutError once `ms` pass first. One timer, not an AbortSignal.timeout per
 * request (a weakly held timer and an event target each).
 */
function within<T>(answer: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new DOMException(`no answer within ${ms} ms`, 'TimeoutError'));
    }, ms);
    answer.then(resolve, reject).finally(() => {
      clearTimeout(timer);
    });
  });
}

/**
 * Requests and watches to `listener` as if sent to `server` (its URL: the Host the listener sees)
 * with `token` as the bearer token.
 */
export function inProcessTransport(listener: RequestListener, server: string, token: string): Transport {
  const target = targetOf(server);
  const authorization = `Bearer ${token}`;
  return {
    async send(req: OutgoingRequest): Promise<Answer> {
      const body = new Body();
      const ex = exchange(
        listener,
        {
          method: req.method,
          path: target.prefix + req.path,
          host: target.host,
          headers: { ...req.headers, Authorization: authorization },
          ...(req.body !== undefined ? { body: req.body } : {}),
        },
        body,
      );
      await within(ex.ended, req.timeoutMs);
      return { status: body.status, text: body.text() };
    },
    watches: new InProcessWatch(listener, target, token),
    close: () => undefined,
  };
}
