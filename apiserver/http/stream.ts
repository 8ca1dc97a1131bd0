/**
 * A JSON body written as its parts: `head`, the items separated by commas, then `tail`, the items
 * read as they are written (the watch cache may read each from storage). A body that ends within
 * STREAM_ABOVE characters goes out as one text with Content-Length; a larger one (a list of
 * thousands of objects) in chunks of about CHUNK characters with chunked transfer encoding. It
 * gives the event loop back after every TURN characters, and waits for the socket to drain once
 * more than WRITE_AHEAD bytes wait to be sent, so neither a large list holds the thread until it
 * is written nor its body or items ever exist all at once (kube-apiserver streams large list
 * responses for the same reason). A client that goes away ends the writing; the caller's promise
 * still resolves.
 *
 * A list gets a fair share of a busy server: each wait is a whole turn of the event loop, which
 * under load is milliseconds of other requests' work. Waiting after every 32 KiB chunk made a list
 * of 10,000 agents take 1.8-2.5 s on etcd while creates ran at 64 in flight (the cache had it at
 * once); turns of 256 KiB take 1.0-1.7 s. Turns of 1 MiB took 0.7-0.9 s, but a server that had
 * just listed 100,000 agents at startup then held about 490 MiB of anonymous memory, not 310.
 */
import type { ServerResponse } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';

export const STREAM_ABOVE = 1 << 16;
const CHUNK = 1 << 15;
/** characters of chunks written per turn of the event loop (a few milliseconds of work) */
const TURN = 1 << 18;
/** bytes the socket may hold unsent before the writing waits for it to drain */
const WRITE_AHEAD = 1 << 18;

/** Resolves when the response may take more (drained), or can take none (closed). */
function writable(resp: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      resp.off('drain', done);
      resp.off('close', done);
      resolve();
    };
    resp.on('drain', done);
    resp.on('close', done);
  });
}

export async function sendJsonParts(
  resp: ServerResponse,
  code: number,
  head: string,
  items: Iterable<string>,
  tail: string,
): Promise<void> {
  resp.statusCode = code;
  resp.setHeader('Content-Type', 'application/json');
  let parts: string[] = [head];
  let size = head.length;
  let streaming = false;
  let first = true;
  let sinceTurn = 0;
  for (const item of items) {
    if (!first) parts.push(',');
    first = false;
    parts.push(item);
    size += item.length + 1;
    if (size < (streaming ? CHUNK : STREAM_ABOVE)) continue;
    streaming = true;
    if (resp.destroyed) return;
    const more = resp.write(parts.join(''));
    sinceTurn += size;
    parts = [];
    size = 0;
    if (!more && resp.writableLength >= WRITE_AHEAD) {
      await writable(resp);
      sinceTurn = 0;
    } else if (sinceTurn >= TURN) {
      // even for a reader that never pushes back (an in-process client): other requests are
      // served between the turns of a large list
      await nextTurn();
      sinceTurn = 0;
    }
  }
  parts.push(tail);
  const rest = parts.join('');
  if (!streaming) resp.setHeader('Content-Length', Buffer.byteLength(rest));
  if (!resp.destroyed) resp.end(rest);
}
