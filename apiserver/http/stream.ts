/**
 * A JSON body written as its parts: `head`, the items separated by commas, then `tail`, the items
 * read as they are written (the watch cache may read each from storage). A body that ends within
 * STREAM_ABOVE characters goes out as one text with Content-Length; a larger one (a list of
 * thousands of objects) in chunks of about CHUNK characters with chunked transfer encoding,
 * waiting for the socket to drain (or for the next turn of the event loop) between chunks, so
 * neither a large list holds the thread until it is written nor its body or items ever exist
 * all at once (kube-apiserver streams large list responses for the same reason). A client that
 * goes away ends the writing; the caller's promise still resolves.
 *
 * Chunks stay well under 128 KiB: a larger string is a large object of V8's own, and its bytes on
 * the way to the socket a fresh mapping of glibc's (the `orgplane` script fixes malloc's mmap
 * threshold at 128 KiB), each page of which faults in and is unmapped again: 256 KiB chunks made
 * a list of 100,000 agents spend most of its time there. A chunk is joined from its items once
 * (not grown one item at a time, which would build a rope the socket write must flatten).
 */
import type { ServerResponse } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';

export const STREAM_ABOVE = 1 << 16;
const CHUNK = 1 << 15;

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
  for (const item of items) {
    if (!first) parts.push(',');
    first = false;
    parts.push(item);
    size += item.length + 1;
    if (size < (streaming ? CHUNK : STREAM_ABOVE)) continue;
    streaming = true;
    if (resp.destroyed) return;
    const more = resp.write(parts.join(''));
    parts = [];
    size = 0;
    if (!more) await writable(resp);
    // a chunk's worth of work per turn of the event loop, even for a reader that never pushes back
    // (an in-process client): other requests are served between the chunks of a large list
    else await nextTurn();
  }
  parts.push(tail);
  const rest = parts.join('');
  if (!streaming) resp.setHeader('Content-Length', Buffer.byteLength(rest));
  if (!resp.destroyed) resp.end(rest);
}
