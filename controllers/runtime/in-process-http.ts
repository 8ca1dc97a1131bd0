/**
 * A client-node HttpLibrary that hands each request to a request listener in this process (the
 * API server's own, for the controllers `orgplane up` runs beside it) instead of a socket: the
 * request still goes through everything the listener does (authentication by its bearer token,
 * authorization, admission, audit) but not through TLS, the HTTP parser or node-fetch on either
 * side. light-my-request builds the request and response objects Node's HTTP server would.
 * Streaming responses (watches) are not for this library: it answers once the response has ended.
 *
 * Express re-parents every request and response onto its own prototypes (IncomingMessage's and
 * ServerResponse's), which would drop light-my-request's methods; handed an Express app itself,
 * light-my-request instead re-parents Express's shared prototypes onto its own, which breaks every
 * real request in the process. So the listener is wrapped in a plain function, and light-my-request's
 * methods are pinned on each request and response as own properties, which survive the re-parenting.
 * The response's body is collected as written (in-process-body.ts), not by light-my-request.
 */
import type { RequestListener } from 'node:http';
import {
  ResponseContext,
  wrapHttpLibrary,
  type HttpLibrary,
  type RequestContext,
} from '@kubernetes/client-node';
import inject from 'light-my-request';
import { InProcessBody } from './in-process-body.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

/** What a request body may be on the way in (client-node's RequestBody) as an injectable payload. */
function payloadOf(body: unknown): string | Buffer | undefined {
  if (body === undefined || typeof body === 'string' || Buffer.isBuffer(body)) return body;
  throw new Error('in-process requests take a string or Buffer body');
}

/**
 * The answer, or the signal's reason once it aborts first (a request timeout). The signal is not
 * handed to light-my-request: it would only abort the request's body, and its listener would hold
 * the request and its whole response until the signal fires (client-node's is a 30 s timeout).
 */
function untilAborted<T>(answer: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    answer.then(resolve, reject).finally(() => {
      signal.removeEventListener('abort', onAbort);
    });
  });
}

/** The methods of each prototype met (light-my-request's request and response: two in all). */
const methodsOf = new WeakMap<object, PropertyDescriptorMap>();

/** Defines every method of obj's own prototype on obj itself (see the file's comment). */
export function pinPrototype(obj: object): void {
  const proto = Object.getPrototypeOf(obj) as object;
  let methods = methodsOf.get(proto);
  if (!methods) {
    methods = {};
    for (const [name, d] of Object.entries(Object.getOwnPropertyDescriptors(proto)))
      if (name !== 'constructor' && typeof d.value === 'function') methods[name] = d;
    methodsOf.set(proto, methods);
  }
  Object.defineProperties(obj, methods);
}

export function inProcessHttp(listener: RequestListener): HttpLibrary {
  const bodies = new WeakMap<object, InProcessBody>();
  const dispatch: RequestListener = (req, res) => {
    pinPrototype(req);
    pinPrototype(res);
    bodies.set(res, new InProcessBody(res, req.method === 'HEAD'));
    listener(req, res);
  };
  return wrapHttpLibrary({
    async send(request: RequestContext): Promise<ResponseContext> {
      const payload = payloadOf(request.getBody());
      const signal = request.getSignal();
      signal?.throwIfAborted();
      const answer = inject(dispatch, {
        method: request.getHttpMethod().toString() as Method,
        url: request.getUrl(),
        headers: request.getHeaders(),
        remoteAddress: '127.0.0.1',
        ...(payload !== undefined ? { payload } : {}),
      });
      const res = await (signal ? untilAborted(answer, signal) : answer);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(res.headers))
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
      const body = bodies.get(res.raw.res);
      if (!body) throw new Error('in-process response without a body collector');
      return new ResponseContext(res.statusCode, headers, {
        text: () => Promise.resolve(body.text()),
        binary: () => Promise.resolve(body.binary()),
      });
    },
  });
}
