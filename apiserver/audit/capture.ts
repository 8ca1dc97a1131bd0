/**
 * Copies of request and response bodies for the audit record, taken as the bytes pass by: the
 * request stream is observed where the HTTP parser pushes into it (nothing is consumed, so the
 * handler reads it as usual) and response writes are teed. Both stop copying past a byte limit,
 * and nothing is copied for a response the caller does not ask for (watch streams).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export class BodyCapture {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  /** more bytes passed than the limit: the copy is incomplete and not used */
  overflowed = false;

  constructor(private readonly limit: number) {}

  add(chunk: unknown, encoding?: unknown): void {
    if (this.overflowed || chunk === null || chunk === undefined) return;
    const buf =
      typeof chunk === 'string'
        ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
        : chunk instanceof Uint8Array
          ? Buffer.from(chunk)
          : undefined;
    if (!buf) return;
    this.size += buf.length;
    if (this.size > this.limit) {
      this.overflowed = true;
      this.chunks.length = 0;
      return;
    }
    this.chunks.push(buf);
  }

  /** the bytes seen, or undefined when incomplete */
  bytes(): Buffer | undefined {
    return this.overflowed ? undefined : Buffer.concat(this.chunks);
  }
}

/**
 * Start copying the request body. Must run in the tick the request arrives (before the parser
 * pushes the body); a body partly buffered already is marked incomplete rather than recorded wrong.
 */
export function captureRequestBody(req: IncomingMessage, limit: number): BodyCapture {
  const capture = new BodyCapture(limit);
  if (req.readableLength > 0 || req.readableEnded) capture.overflowed = true;
  const push = req.push.bind(req);
  req.push = (chunk: unknown, encoding?: BufferEncoding): boolean => {
    capture.add(chunk, encoding);
    return push(chunk, encoding);
  };
  return capture;
}

export interface ResponseHooks {
  /** called once, when the status line and headers go out; returns a byte limit to copy the body (0: none) */
  onHead(statusCode: number): number;
}

/** Tee a response: onHead at the first flush, then the body into a capture if onHead asked for one. */
export function captureResponseBody(
  resp: ServerResponse,
  hooks: ResponseHooks,
): () => BodyCapture | undefined {
  let capture: BodyCapture | undefined;
  let headed = false;
  const head = (code: unknown): void => {
    if (headed) return;
    headed = true;
    const limit = hooks.onHead(typeof code === 'number' ? code : resp.statusCode);
    if (limit > 0) capture = new BodyCapture(limit);
  };
  const writeHead = resp.writeHead.bind(resp) as (...args: unknown[]) => ServerResponse;
  const write = resp.write.bind(resp) as (...args: unknown[]) => boolean;
  const end = resp.end.bind(resp) as (...args: unknown[]) => ServerResponse;
  resp.writeHead = (...args: unknown[]) => {
    head(args[0]);
    return writeHead(...args);
  };
  resp.write = ((...args: unknown[]) => {
    head(resp.statusCode);
    capture?.add(args[0], args[1]);
    return write(...args);
  }) as ServerResponse['write'];
  resp.end = ((...args: unknown[]) => {
    head(resp.statusCode);
    if (typeof args[0] !== 'function') capture?.add(args[0], args[1]);
    return end(...args);
  }) as ServerResponse['end'];
  return () => capture;
}
