/**
 * A JSON body written as its parts: `head`, the items separated by commas, then `tail`, the items
 * read as they are written (the watch cache may read each from storage). A body that ends within
 * STREAM_ABOVE characters goes out as one text with Content-Length; a larger one (a list of
 * thousands of objects) in chunks of about CHUNK characters with chunked transfer encoding,
 * waiting for the socket to drain (or for the next turn of the event loop) between chunks, so
 * neither a large list holds the thread until it is written nor its body or items ever exist
 * all at once (kube-apiserver streams large list responses for the same reason). A client that
 * goes away ends the writing; the caller's promise still resolves.
 */
import type { ServerResponse } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';

export const STREAM_ABOVE = 1 << 20;
const CHUNK = 1 << 18;

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
  let chunk = head;
  let first = true;
  let streaming = false;
  for (const item of items) {
    chunk += first ? item : `,${item}`;
    first = false;
    if (chunk.length < (streaming ? CHUNK : STREAM_ABOVE)) continue;
    streaming = true;
    if (resp.destroyed) return;
    const more = resp.write(chunk);
    chunk = '';
    if (!more) await writable(resp);
    // a chunk's worth of work per turn of the event loop, even for a reader that never pushes back
    // (an in-process client): other requests are served between the chunks of a large list
    else await nextTurn();
  }
  chunk += tail;
  if (!streaming) resp.setHeader('Content-Length', Buffer.byteLength(chunk));
  if (!resp.destroyed) resp.end(chunk);
}
