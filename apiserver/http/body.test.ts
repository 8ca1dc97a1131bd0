import { describe, expect, it } from '@jest/globals';
import { isApiError } from '../errors/status.js';
import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { parseJson, readBody } from './body.js';

/** A request body as a stream with the headers readBody looks at. */
function request(headers: Record<string, string> = {}): PassThrough & IncomingMessage {
  return Object.assign(new PassThrough(), { headers }) as unknown as PassThrough & IncomingMessage;
}

const codeOf = async (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => 'resolved',
    (err: unknown) => (isApiError(err) ? err.status.code : (err as { code?: unknown }).code),
  );

describe('readBody', () => {
  it('joins the chunks as they come, and reads an empty body as empty', async () => {
    const req = request();
    const body = readBody(req);
    req.write('{"a":');
    req.end(Buffer.from('"€"}'));
    expect((await body).toString('utf8')).toBe('{"a":"€"}');
    const empty = request();
    const none = readBody(empty);
    empty.end();
    expect((await none).length).toBe(0);
  });

  it('answers 413 for a declared length over the limit at once, and for a body that grows past it once read to its end', async () => {
    expect(await codeOf(readBody(request({ 'content-length': '11' }), 10))).toBe(413);
    const req = request();
    const body = readBody(req, 10);
    req.write('0123456789');
    req.write('x');
    req.write('more after the limit is read and dropped');
    req.end();
    expect(await codeOf(body)).toBe(413);
    expect(req.readableEnded).toBe(true);
  });

  it('fails when the request closes or fails before its end, and leaves no listener behind', async () => {
    const closed = request();
    const a = readBody(closed);
    closed.write('{"a"');
    closed.destroy();
    expect(await codeOf(a)).toBe('ECONNRESET');
    const failed = request();
    const b = readBody(failed);
    failed.destroy(Object.assign(new Error('boom'), { code: 'EBOOM' }));
    expect(await codeOf(b)).toBe('EBOOM');
    const done = request();
    const c = readBody(done);
    done.end('{}');
    await c;
    expect(['data', 'end', 'error', 'close'].map((e) => done.listenerCount(e))).toEqual([0, 0, 0, 0]);
  });
});

const SECRET = 'sk-live-0123456789abcdef';

function messageOf(text: string): string {
  try {
    parseJson(text);
  } catch (err) {
    if (isApiError(err)) return err.status.message ?? '';
  }
  throw new Error('expected a 400');
}

describe('parseJson', () => {
  it.each([
    `{"data": {"k": ${SECRET}}}`,
    SECRET,
    `{"data": {"k": "${SECRET}" x}}`,
    `{"data": {"k": "${SECRET}`,
    `{${SECRET}: 1}`,
  ])('never quotes the body in its error: %s', (text) => {
    const message = messageOf(text);
    expect(message).toMatch(/^couldn't get version\/kind; json parse error: /);
    expect(message).not.toContain('sk-live');
  });

  it('names the offending character as Go does', () => {
    expect(messageOf('{"a": x}')).toBe("couldn't get version/kind; json parse error: invalid character 'x'");
  });
});
