/**
 * Helpers for API server integration tests: object builders, paths, typed views of responses,
 * polling, and a streaming watch client (test/support/apiserver.ts's call() buffers whole bodies).
 */
import { Agent, request } from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { KubeList, KubeObject, Status } from '../../api/meta.js';
import type { CallResult, TestServer } from './apiserver.js';

export const GROUP = 'orgplane.io';
export const V = 'orgplane.io/v1alpha1';
export const BASE = `/apis/${V}`;

export const agentsPath = (ns: string, name = '', sub = ''): string =>
  `${BASE}/namespaces/${ns}/agents${name ? `/${name}` : ''}${sub ? `/${sub}` : ''}`;
export const orgsPath = (name = ''): string => `${BASE}/organizations${name ? `/${name}` : ''}`;
export const nsPath = (name = ''): string => `/api/v1/namespaces${name ? `/${name}` : ''}`;

export const TABLE_ACCEPT =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

export function agent(
  name: string,
  spec: Record<string, unknown> = { model: 'm1' },
  meta: Partial<KubeObject['metadata']> = {},
): KubeObject {
  return { apiVersion: V, kind: 'Agent', metadata: { name, ...meta }, spec };
}

export function namespace(name: string, meta: Partial<KubeObject['metadata']> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, ...meta } };
}

export function organization(name: string, spec: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: V, kind: 'Organization', metadata: { name }, spec };
}

/** The response body as an object. */
export const obj = (r: CallResult): KubeObject => r.json as KubeObject;
export const list = (r: CallResult): KubeList => r.json as KubeList;
export const status = (r: CallResult): Status => r.json as Status;
export const names = (r: CallResult): string[] => list(r).items.map((o) => o.metadata.name ?? '');

/** Fail with the response text when the code is not the expected one. */
export function expectCode(r: CallResult, code: number): CallResult {
  if (r.status !== code) throw new Error(`expected HTTP ${code}, got ${r.status}: ${r.text}`);
  return r;
}

/**
 * DELETE with DeleteOptions in the body. Node sends a DELETE body unframed unless Content-Length
 * is set (no chunked encoding by default for DELETE), so set it here.
 */
export function deleteWith(ts: TestServer, path: string, body: unknown): Promise<CallResult> {
  const text = JSON.stringify(body);
  return ts.call('DELETE', path, {
    body: text,
    headers: { 'Content-Length': String(Buffer.byteLength(text)) },
  });
}

/** POST and insist on 201. */
export async function create(ts: TestServer, path: string, body: unknown): Promise<KubeObject> {
  return obj(expectCode(await ts.call('POST', path, { body }), 201));
}

export async function createNamespace(ts: TestServer, name: string): Promise<KubeObject> {
  return create(ts, nsPath(), namespace(name));
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Poll until fn returns a value other than undefined. */
export async function eventually<T>(
  fn: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

/** Resolves once GET path answers 404. */
export async function gone(ts: TestServer, path: string, timeoutMs = 10_000): Promise<void> {
  await eventually(
    async () => ((await ts.call('GET', path)).status === 404 ? true : undefined),
    `${path} to be gone`,
    timeoutMs,
  );
}

export interface WatchEvent {
  readonly type: string;
  readonly object: KubeObject;
}

export interface WatchStream {
  readonly status: number;
  readonly headers: IncomingMessage['headers'];
  /** the next event; rejects when none arrives within timeoutMs or the stream ended */
  next(timeoutMs?: number): Promise<WatchEvent>;
  /** exactly n events */
  take(n: number, timeoutMs?: number): Promise<WatchEvent[]>;
  /** resolves when the server ends the stream, with the events not yet taken */
  ended(timeoutMs?: number): Promise<WatchEvent[]>;
  /** events already received and not yet taken */
  buffered(): number;
  close(): void;
}

/**
 * A watch request whose promise resolves as soon as the response headers arrive (before any
 * event): the server must flush them at once.
 */
export function openWatch(ts: TestServer, path: string, accept?: string): Promise<WatchStream> {
  const agent = new Agent({ ca: ts.server.caCert });
  return new Promise((resolve, reject) => {
    const req = request(
      `${ts.server.url}${path}`,
      {
        method: 'GET',
        agent,
        headers: { Authorization: `Bearer ${ts.server.adminToken}`, ...(accept ? { Accept: accept } : {}) },
      },
      (res) => {
        resolve(
          streamOf(res, () => {
            req.destroy();
            agent.destroy();
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function streamOf(res: IncomingMessage, destroy: () => void): WatchStream {
  const queue: WatchEvent[] = [];
  let partial = '';
  let done = false;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    wake?.();
    wake = undefined;
  };
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    partial += chunk;
    let nl = partial.indexOf('\n');
    while (nl >= 0) {
      const line = partial.slice(0, nl).trim();
      partial = partial.slice(nl + 1);
      if (line !== '') queue.push(JSON.parse(line) as WatchEvent);
      nl = partial.indexOf('\n');
    }
    notify();
  });
  const finish = (): void => {
    done = true;
    notify();
  };
  res.on('end', finish);
  res.on('close', finish);
  res.on('error', finish);
  const waitChange = (timeoutMs: number, what: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        wake = undefined;
        reject(new Error(`watch: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const next = async (timeoutMs = 10_000): Promise<WatchEvent> => {
    for (;;) {
      const ev = queue.shift();
      if (ev) return ev;
      if (done) throw new Error('watch: the stream ended');
      await waitChange(timeoutMs, 'an event');
    }
  };
  return {
    status: res.statusCode ?? 0,
    headers: res.headers,
    next,
    take: async (n, timeoutMs) => {
      const out: WatchEvent[] = [];
      while (out.length < n) out.push(await next(timeoutMs));
      return out;
    },
    ended: async (timeoutMs = 10_000) => {
      while (!done) await waitChange(timeoutMs, 'the end of the stream');
      return queue.splice(0);
    },
    buffered: () => queue.length,
    close: destroy,
  };
}

/** The store's current revision: take it before a request, then ask writesSince(). */
export async function revision(ts: TestServer): Promise<number> {
  return ts.server.storage.currentRevision();
}

/**
 * Keys created, changed or deleted after revision `rev`, in order. Audit events (and the audit
 * trail's lease bookkeeping) are left out:
 * recording a request is not a change the request made.
 */
export async function writesSince(ts: TestServer, rev: number): Promise<string[]> {
  const storage = ts.server.storage;
  const current = await storage.currentRevision();
  if (current <= rev) return [];
  const w = storage.watch('/', { fromRevision: rev });
  const keys: string[] = [];
  try {
    for await (const ev of w) {
      if (!ev.key.includes('/auditevents/') && !ev.key.startsWith('/orgplane/audit/')) keys.push(ev.key);
      if (ev.revision >= current) break;
    }
  } finally {
    w.stop();
  }
  return keys;
}
