import express, { type Express, type Response } from 'express';
import { targetOf } from './in-process-exchange.js';
import { InProcessWatch } from './in-process-watch.js';

const SERVER = 'https://127.0.0.1:6443';
const TOKEN = 't0k3n';

interface Seen {
  url?: string;
  auth?: string | undefined;
  /** the server's watcher was stopped by the client going away */
  closed: boolean;
  resp?: Response;
}

/** A watch endpoint written as the API server's is: headers flushed, lines written as they come. */
function watchApp(seen: Seen): Express {
  const app = express();
  app.get('/forbidden', (_req, res) => {
    res.status(403).json({ kind: 'Status', code: 403, reason: 'Forbidden' });
  });
  app.get('/{*path}', (req, res) => {
    seen.url = req.originalUrl;
    seen.auth = req.headers.authorization;
    res.status(200);
    res.setHeader('Content-Type', 'application/json');
    res.flushHeaders();
    res.socket?.setNoDelay(true);
    seen.resp = res;
    req.on('close', () => {
      seen.closed = true;
      res.end();
    });
  });
  return app;
}

interface Got {
  events: [string, unknown][];
  done: unknown[];
}

async function start(app: Express, path: string, query: Record<string, unknown> = {}) {
  const got: Got = { events: [], done: [] };
  const controller = await new InProcessWatch(app, targetOf(SERVER), TOKEN).watch(
    path,
    query,
    (type, obj) => got.events.push([type, obj]),
    (err) => got.done.push(err),
  );
  return { got, controller };
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 10));

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await tick();
  expect(cond()).toBe(true);
}

describe('InProcessWatch', () => {
  it('sends watch=true, the query and the kubeconfig token through the listener', async () => {
    const seen: Seen = { closed: false };
    const { controller } = await start(watchApp(seen), '/apis/x/v1/things', {
      resourceVersion: '7',
      allowWatchBookmarks: true,
      timeoutSeconds: undefined,
    });
    await until(() => seen.url !== undefined);
    expect(seen.url).toBe('/apis/x/v1/things?watch=true&resourceVersion=7&allowWatchBookmarks=true');
    expect(seen.auth).toBe('Bearer t0k3n');
    controller.abort();
  });

  it('hands each line to the callback as written: strings, Buffers, lines split across chunks and characters split across Buffers', async () => {
    const seen: Seen = { closed: false };
    const { got, controller } = await start(watchApp(seen), '/w');
    await until(() => seen.resp !== undefined);
    const resp = seen.resp as Response;
    resp.write('{"type":"ADDED","object":{"n":1}}\n{"type":"MODIFIED",');
    resp.write('"object":{"n":2}}\n');
    const euro = Buffer.from('{"type":"ADDED","object":{"s":"€"}}\n', 'utf8');
    const cut = euro.indexOf(0xe2) + 1;
    resp.write(euro.subarray(0, cut));
    resp.write(euro.subarray(cut));
    resp.write('not json\n{"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"9"}}}\n');
    await until(() => got.events.length === 4);
    expect(got.events).toEqual([
      ['ADDED', { n: 1 }],
      ['MODIFIED', { n: 2 }],
      ['ADDED', { s: '€' }],
      ['BOOKMARK', { metadata: { resourceVersion: '9' } }],
    ]);
    expect(got.done).toEqual([]);
    controller.abort();
  });

  it('stopping closes the request, which ends the server watcher; done is called once', async () => {
    const seen: Seen = { closed: false };
    const { got, controller } = await start(watchApp(seen), '/w');
    await until(() => seen.resp !== undefined);
    controller.abort();
    await until(() => seen.closed && got.done.length > 0);
    await tick();
    expect(got.done).toEqual([null]);
  });

  it('the server ending the stream calls done once, and no event follows', async () => {
    const seen: Seen = { closed: false };
    const { got } = await start(watchApp(seen), '/w');
    await until(() => seen.resp !== undefined);
    (seen.resp as Response).end('{"type":"ADDED","object":{"n":1}}\n');
    await until(() => got.done.length > 0);
    await tick();
    expect(got.events).toEqual([['ADDED', { n: 1 }]]);
    expect(got.done).toEqual([null]);
  });

  it('an error answer is done with its status code, and its Status body is no event', async () => {
    const { got } = await start(watchApp({ closed: false }), '/forbidden');
    await until(() => got.done.length > 0);
    expect(got.events).toEqual([]);
    expect(got.done).toHaveLength(1);
    expect((got.done[0] as { statusCode?: number }).statusCode).toBe(403);
  });

  it('a callback that throws ends the watch with its error (and the server watcher), not the server', async () => {
    const seen: Seen = { closed: false };
    const got: Got = { events: [], done: [] };
    const boom = new Error('handler failed');
    await new InProcessWatch(watchApp(seen), targetOf(SERVER), TOKEN).watch(
      '/w',
      {},
      () => {
        throw boom;
      },
      (err) => got.done.push(err),
    );
    await until(() => seen.resp !== undefined);
    expect(() => (seen.resp as Response).write('{"type":"ADDED","object":{"n":1}}\n')).not.toThrow();
    await until(() => seen.closed);
    await tick();
    expect(got.done).toEqual([boom]);
  });
});
