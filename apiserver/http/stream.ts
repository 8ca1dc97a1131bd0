/**
 * A JSON body written as its parts: `head`, the items separated by commas, then `tail`. Bodies up
 * to STREAM_ABOVE characters go out as one text with Content-Length; larger ones (a list of
 * thousands of objects) in chunks of about CHUNK characters with chunked transfer encoding, waiting
 * for the socket to drain between chunks, so the whole body never exists as one string or buffer
 * (kube-apiserver streams large list responses for the same reason). A client that goes away ends
 * the writing; the caller's promise still resolves.
 */
import type { ServerResponse } from 'node:http';

export const STREAM_ABOVE = 1 << 20;
const CHUNK = 1 << 18;

function bodyLength(head: string, items: readonly string[], tail: string): number {
  let n = head.length + tail.length + Math.max(0, items.length - 1);
  for (const item of items) n += item.length;
  return n;
}

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
  items: readonly string[],
  tail: string,
): Promise<void> {
  resp.statusCode = code;
  resp.setHeader('Content-Type', 'application/json');
  if (bodyLength(head, items, tail) <= STREAM_ABOVE) {
    const text = head + items.join(',') + tail;
    resp.setHeader('Content-Length', Buffer.byteLength(text));
    resp.end(text);
    return;
  }
  let chunk = head;
  for (let i = 0; i < items.length; i++) {
    chunk += (i === 0 ? '' : ',') + (items[i] ?? '');
    if (chunk.length < CHUNK) continue;
    if (resp.destroyed) return;
    const more = resp.write(chunk);
    chunk = '';
    if (!more) await writable(resp);
  }
  if (resp.destroyed) return;
  resp.end(chunk + tail);
}
