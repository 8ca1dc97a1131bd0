import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import express from 'express';
import { exchange, targetOf, type ResponseSink } from './in-process-exchange.js';

class Sink implements ResponseSink {
  status = 0;
  chunks: string[] = [];
  head(status: number): void {
    this.status = status;
  }
  chunk(data: string | Uint8Array): void {
    this.chunks.push(typeof data === 'string' ? data : Buffer.from(data).toString('utf8'));
  }
}

const GET = { method: 'GET', path: '/x', host: '127.0.0.1:6443', headers: {} } as const;

function order(res: ServerResponse, req?: IncomingMessage): string[] {
  const seen: string[] = [];
  for (const ev of ['finish', 'close']) res.on(ev, () => seen.push(`res:${ev}`));
  for (const ev of ['aborted', 'close']) req?.on(ev, () => seen.push(`req:${ev}`));
  return seen;
}

describe('exchange', () => {
  it('names the server by its URL: Host and the path requests go under', () => {
    expect(targetOf('https://127.0.0.1:6443')).toEqual({ host: '127.0.0.1:6443', prefix: '' });
    expect(targetOf('https://api.example:443/base/')).toEqual({ host: 'api.example', prefix: '/base' });
  });

  it('hands a request with its body ended and a loopback peer; the status comes before the first chunk', async () => {
    const sink = new Sink();
    let seen: Record<string, unknown> = {};
    const listener: RequestListener = (req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => {
        seen = {
          body,
          headers: req.headers,
          remote: req.socket.remoteAddress,
          url: req.url,
          sent: res.headersSent,
        };
        res.statusCode = 202;
        res.write('a');
        seen['sentAfterWrite'] = res.headersSent;
        res.end('b');
      });
    };
    const ex = exchange(listener, { ...GET, method: 'POST', headers: { 'X-Y': 'z' }, body: 'héllo' }, sink);
    await ex.ended;
    expect(seen).toEqual({
      body: 'héllo',
      headers: { host: '127.0.0.1:6443', 'x-y': 'z', 'content-length': '6' },
      remote: '127.0.0.1',
      url: '/x',
      sent: false,
      sentAfterWrite: true,
    });
    expect(sink).toMatchObject({ status: 202, chunks: ['a', 'b'] });
    expect(ex.response.writableEnded).toBe(true);
  });

  it('emits finish, then close, after end; a second end is ignored', async () => {
    let order1: string[] = [];
    const listener: RequestListener = (_req, res) => {
      order1 = order(res);
      res.end('x');
      res.end('y');
    };
    const sink = new Sink();
    await exchange(listener, GET, sink).ended;
    expect(order1).toEqual(['res:finish', 'res:close']);
    expect(sink.chunks).toEqual(['x']);
  });

  it('a disconnect aborts and closes the request and closes the response without finish', async () => {
    let seen: string[] = [];
    let response: ServerResponse | undefined;
    const listener: RequestListener = (req, res) => {
      seen = order(res, req);
      response = res;
      res.flushHeaders();
    };
    const sink = new Sink();
    const ex = exchange(listener, GET, sink);
    ex.disconnect();
    await ex.ended;
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen.sort()).toEqual(['req:aborted', 'req:close', 'res:close']);
    response?.end('late');
    await new Promise((resolve) => setImmediate(resolve));
    expect(sink.chunks).toEqual([]);
    expect(seen).not.toContain('res:finish');
  });

  it('takes headers given to writeHead as an object or a flat list, over those set before', async () => {
    const listener: RequestListener = (_req, res) => {
      res.setHeader('A', '1');
      res.setHeader('B', '1');
      res.writeHead(201, 'Created', { B: '2' });
      res.end();
    };
    const ex = exchange(listener, GET, new Sink());
    await ex.ended;
    expect(ex.response.getHeaders()).toEqual({ a: '1', b: '2' });
    const flat = exchange(
      (_req, res) => {
        res.writeHead(200, ['C', '3']).end();
      },
      GET,
      new Sink(),
    );
    await flat.ended;
    expect(flat.response.getHeader('c')).toBe('3');
  });

  it('writes no body for HEAD, and Express answers through it as through a socket', async () => {
    const app = express();
    app.get('/x', (_req, res) => {
      res.json({ ok: true });
    });
    const head = new Sink();
    await exchange(app, { ...GET, method: 'HEAD' }, head).ended;
    expect(head).toMatchObject({ status: 200, chunks: [] });
    const get = new Sink();
    const ex = exchange(app, GET, get);
    await ex.ended;
    expect(get).toMatchObject({ status: 200, chunks: ['{"ok":true}'] });
    expect(ex.response.getHeader('content-type')).toMatch(/^application\/json/);
  });

  it('lets middleware wrap writeHead, write and end, as audit capture does', async () => {
    const wrapped: string[] = [];
    const listener: RequestListener = (_req, res) => {
      const writeHead = res.writeHead.bind(res);
      const write = res.write.bind(res);
      const end = res.end.bind(res);
      res.writeHead = ((...args: Parameters<typeof writeHead>) => {
        wrapped.push('writeHead');
        return writeHead(...args);
      }) as typeof writeHead;
      res.write = ((...args: Parameters<typeof write>) => {
        wrapped.push('write');
        return write(...args);
      }) as typeof write;
      res.end = ((...args: Parameters<typeof end>) => {
        wrapped.push('end');
        return end(...args);
      }) as typeof end;
      res.writeHead(200);
      res.write('a');
      res.end('b');
    };
    const sink = new Sink();
    await exchange(listener, GET, sink).ended;
    expect(wrapped).toEqual(['writeHead', 'write', 'end']);
    expect(sink).toMatchObject({ status: 200, chunks: ['a', 'b'] });
  });

  it('sends an implicit status through res.writeHead, as Node does, so a wrapper sees it', async () => {
    for (const first of ['write', 'end', 'flushHeaders'] as const) {
      const heads: number[] = [];
      const listener: RequestListener = (_req, res) => {
        const writeHead = res.writeHead.bind(res);
        res.writeHead = ((...args: Parameters<typeof writeHead>) => {
          heads.push(args[0]);
          return writeHead(...args);
        }) as typeof writeHead;
        res.statusCode = 201;
        if (first === 'write') res.write('a');
        if (first === 'flushHeaders') res.flushHeaders();
        res.end('b');
      };
      const sink = new Sink();
      await exchange(listener, GET, sink).ended;
      expect(heads).toEqual([201]);
      expect(sink.status).toBe(201);
    }
  });

  it("answers headersSent, writableEnded and writableFinished through Node's own accessors, as on a socket", async () => {
    const seen: Record<string, unknown> = {};
    const listener: RequestListener = (_req, res) => {
      seen['before'] = [res.headersSent, res.writableEnded, res.writableFinished];
      res.writeHead(200);
      seen['afterHead'] = [res.headersSent, res.writableEnded];
      seen['lateHeader'] = ((): string => {
        try {
          res.setHeader('X-Late', '1');
          return 'set';
        } catch (err) {
          return (err as { code?: string }).code ?? 'thrown';
        }
      })();
      res.end();
      seen['afterEnd'] = [res.writableEnded, res.writableFinished];
    };
    const ex = exchange(listener, GET, new Sink());
    await ex.ended;
    expect(seen).toEqual({
      before: [false, false, false],
      afterHead: [true, false],
      lateHeader: 'ERR_HTTP_HEADERS_SENT',
      afterEnd: [true, true],
    });
    for (const name of ['headersSent', 'writableEnded', 'writableFinished'])
      expect(Object.getOwnPropertyDescriptor(ex.response, name)).toBeUndefined();
  });

  it('refuses a chunk that is neither text nor bytes', () => {
    expect(() =>
      exchange(
        (_req, res) => {
          res.write({});
        },
        GET,
        new Sink(),
      ),
    ).toThrow(TypeError);
  });
});
