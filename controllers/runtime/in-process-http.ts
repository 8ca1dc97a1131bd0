/**
 * A Transport (transport.ts) that hands each request to a request listener in this process (the
 * API server's own, for the controllers `orgplane up` runs beside it) instead of a socket: the
 * request still goes through everything the listener does (authentication by its bearer token,
 * authorization, admission, audit) but not through TLS, the HTTP parser or node-fetch on either
 * side. light-my-request builds the request and response objects Node's HTTP server would.
 * A request is answered once its response has ended; watches stream through in-process-watch.ts.
 *
 * Express re-parents every request and response onto its own prototypes (IncomingMessage's and
 * ServerResponse's), which would drop light-my-request's methods; handed an Express app itself,
 * light-my-request instead re-parents Express's shared prototypes onto its own, which breaks every
 * real request in the process. So the listener is wrapped in a plain function, and light-my-request's
 * methods are pinned on each request and response as own properties, which survive the re-parenting.
 * The response's body is collected as written (in-process-body.ts), not by light-my-request.
 */
import type { RequestListener } from 'node:http';
import inject from 'light-my-request';
import { InProcessBody } from './in-process-body.js';
import { InProcessWatch } from './in-process-watch.js';
import { pinPrototype } from './pin-prototype.js';
import type { Answer, OutgoingRequest, Transport } from './transport.js';

/**
 * The answer, or a TimeoutError once `ms` pass first. One timer, not an AbortSignal.timeout per
 * request (a weakly held timer and an event target each); nothing is handed to light-my-request,
 * whose abort listener would hold the request and its whole response until the timeout.
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
  const base = server.replace(/\/+$/, '');
  const bodies = new WeakMap<object, InProcessBody>();
  const dispatch: RequestListener = (req, res) => {
    pinPrototype(req);
    pinPrototype(res);
    bodies.set(res, new InProcessBody(res, req.method === 'HEAD'));
    listener(req, res);
  };
  return {
    async send(req: OutgoingRequest): Promise<Answer> {
      const answer = inject(dispatch, {
        method: req.method,
        url: base + req.path,
        headers: { ...req.headers, Authorization: `Bearer ${token}` },
        remoteAddress: '127.0.0.1',
        ...(req.body !== undefined ? { payload: req.body } : {}),
      });
      const res = await within(answer, req.timeoutMs);
      const body = bodies.get(res.raw.res);
      if (!body) throw new Error('in-process response without a body collector');
      return { status: res.statusCode, text: body.text() };
    },
    watches: new InProcessWatch(listener, base, token),
    close: () => undefined,
  };
}
