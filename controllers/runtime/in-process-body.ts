/**
 * The body of an in-process response, kept as the listener wrote it. light-my-request turns every
 * chunk written into a Buffer (twice: once for its own list, once on the way into its null
 * socket), joins them and decodes the whole back into a string; a list of thousands of objects
 * paid that three times per page before the client parsed it. Here a response's `write` and `end`
 * keep each chunk as it came (a string, as the API server writes JSON, or a Buffer), send the
 * status line and headers through the response's own `writeHead` first, and end it with no data,
 * so light-my-request still runs its `finish` and `close` handling on a bodiless response.
 */
import type { ServerResponse } from 'node:http';

/**
 * Replaces resp's write and end (own properties, after any prototype pinning) with ones that send
 * the status line and headers through resp's own writeHead first, then hand each chunk to keep, as
 * written; end then calls ended and ends resp with no data, so light-my-request still runs its
 * finish and close handling. Writes always take more.
 */
export function takeOverWrites(
  resp: ServerResponse,
  keep: (data: unknown, encoding: unknown) => void,
  ended: () => void = () => undefined,
): void {
  const end = resp.end.bind(resp) as () => ServerResponse;
  const take = (data: unknown, encoding: unknown): void => {
    if (!resp.headersSent) resp.writeHead(resp.statusCode);
    keep(data, encoding);
  };
  resp.write = ((data: unknown, encoding?: unknown, cb?: unknown): boolean => {
    take(data, encoding);
    const callback = typeof encoding === 'function' ? encoding : cb;
    if (typeof callback === 'function') process.nextTick(callback);
    return true;
  }) as ServerResponse['write'];
  resp.end = ((data?: unknown, encoding?: unknown, cb?: unknown): ServerResponse => {
    const callback = [data, encoding, cb].find((a) => typeof a === 'function') as (() => void) | undefined;
    take(typeof data === 'function' ? undefined : data, encoding);
    ended();
    if (callback) resp.once('finish', callback);
    return end();
  }) as ServerResponse['end'];
}

type Chunk = string | Uint8Array;

export class InProcessBody {
  private readonly chunks: Chunk[] = [];
  private ended = false;

  /** Takes over resp's write and end (own properties, after any prototype pinning). */
  constructor(
    resp: ServerResponse,
    private readonly discard: boolean,
  ) {
    takeOverWrites(
      resp,
      (data, encoding) => {
        this.keep(data, encoding);
      },
      () => {
        this.ended = true;
      },
    );
  }

  private keep(data: unknown, encoding: unknown): void {
    if (this.ended) return;
    if (this.discard || data === undefined || data === null) return;
    if (typeof data === 'string') {
      const enc = typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8';
      this.chunks.push(enc === 'utf8' || enc === 'utf-8' ? data : Buffer.from(data, enc));
    } else if (data instanceof Uint8Array) this.chunks.push(data);
    else throw new TypeError('a response chunk must be a string or a Buffer');
  }

  /** The body as text (UTF-8). */
  text(): string {
    if (this.chunks.every((c) => typeof c === 'string')) return this.chunks.join('');
    return this.binary().toString('utf8');
  }

  private binary(): Buffer {
    return Buffer.concat(this.chunks.map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c)));
  }
}
