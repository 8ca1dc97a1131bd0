/**
 * A loopback contract server for the subset of the Lago and Stripe HTTP APIs the billing
 * controller uses, with injectable failures (an HTTP status with optional Retry-After, or a hang
 * that never answers). It keeps the providers' contracts the controller relies on:
 *   Lago:   POST /api/v1/customers upserts by external_id; GET|DELETE /api/v1/customers/:external_id
 *   Stripe: POST /v1/customers (form body; Idempotency-Key replays the first answer, and reusing a
 *           key with other parameters is a 400 idempotency_error); GET|POST|DELETE /v1/customers/:id
 * Every request needs an Authorization header (401 otherwise) and is recorded in calls.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Call {
  readonly method: string;
  readonly path: string;
  readonly idempotencyKey: string | null;
  readonly body: string;
}

export type LagoCustomer = Record<string, unknown> & { external_id: string; lago_id: string };
export type StripeCustomer = Record<string, unknown> & { id: string; metadata: Record<string, string> };

export interface Failure {
  /** which API the failure applies to (default: both) */
  readonly provider?: 'lago' | 'stripe';
  /** how many matching calls fail (default 1) */
  readonly count?: number;
  /** HTTP status to answer (default 500); ignored with hang */
  readonly status?: number;
  readonly retryAfter?: string;
  /** never answer (the client must time out) */
  readonly hang?: boolean;
}

export interface BillingContract {
  /** http://127.0.0.1:PORT (Stripe's apiBase) */
  readonly url: string;
  /** url + /api/v1 (Lago's apiUrl) */
  readonly lagoUrl: string;
  lago(): LagoCustomer[];
  stripe(): StripeCustomer[];
  calls(): Call[];
  fail(f: Failure): void;
  close(): Promise<void>;
}

type Form = Record<string, string | Record<string, string>>;

function parseForm(body: string): Form {
  const out: Form = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const m = /^(\w+)\[(\w+)\]$/.exec(k);
    if (m?.[1] !== undefined && m[2] !== undefined) {
      const inner = out[m[1]];
      out[m[1]] = { ...(typeof inner === 'object' ? inner : {}), [m[2]]: v };
    } else out[k] = v;
  }
  return out;
}

const send = (
  res: ServerResponse,
  code: number,
  obj: unknown,
  headers: Record<string, string> = {},
): void => {
  res.writeHead(code, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(obj));
};

/** Stripe's update semantics: '' unsets a field or a metadata key; metadata merges. */
function stripeUpdate(cust: StripeCustomer, f: Form): void {
  for (const [k, v] of Object.entries(f)) {
    if (typeof v === 'string') cust[k] = v === '' ? null : v;
    else if (k === 'metadata') {
      const merged = Object.entries({ ...cust.metadata, ...v }).filter(([, mv]) => mv !== '');
      cust.metadata = Object.fromEntries(merged);
    }
  }
}

const stripeMissing = (id: string): unknown => ({
  error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such customer: '${id}'` },
});

export async function startBillingContract(): Promise<BillingContract> {
  const lago = new Map<string, LagoCustomer>();
  const stripe = new Map<string, StripeCustomer>();
  const idem = new Map<string, { params: string; answer: StripeCustomer }>();
  const calls: Call[] = [];
  const failures: Failure[] = [];
  const sockets = new Set<Socket>();

  function injected(provider: 'lago' | 'stripe'): Failure | undefined {
    const i = failures.findIndex((f) => f.provider === undefined || f.provider === provider);
    const f = failures[i];
    if (!f) return undefined;
    const left = (f.count ?? 1) - 1;
    if (left > 0) failures[i] = { ...f, count: left };
    else failures.splice(i, 1);
    return f;
  }

  function lagoRoute(req: IncomingMessage, res: ServerResponse, path: string, body: string): void {
    if (path === '/api/v1/customers' && req.method === 'POST') {
      const c = (JSON.parse(body || '{}') as { customer?: Record<string, unknown> }).customer ?? {};
      const ext = c['external_id'];
      if (typeof ext !== 'string' || ext === '') {
        send(res, 422, { status: 422, error: 'Unprocessable Entity', code: 'validation_errors' });
        return;
      }
      const prev = lago.get(ext) ?? { lago_id: randomUUID(), created_at: new Date().toISOString() };
      const cust = { ...prev, ...c, external_id: ext } as LagoCustomer;
      lago.set(ext, cust);
      send(res, 200, { customer: cust });
      return;
    }
    const id = decodeURIComponent(path.slice('/api/v1/customers/'.length));
    const cust = lago.get(id);
    if (!cust) {
      send(res, 404, { status: 404, error: 'Not Found', code: 'customer_not_found' });
      return;
    }
    if (req.method === 'DELETE') lago.delete(id);
    send(res, 200, { customer: cust });
  }

  function stripeCreate(req: IncomingMessage, res: ServerResponse, body: string): void {
    const key = req.headers['idempotency-key'];
    const seen = typeof key === 'string' ? idem.get(key) : undefined;
    if (seen) {
      if (seen.params !== body) {
        send(res, 400, {
          error: {
            type: 'idempotency_error',
            message: `Keys for idempotent requests can only be used with the same parameters they were first used with.`,
          },
        });
        return;
      }
      send(res, 200, seen.answer, { 'Idempotent-Replayed': 'true' });
      return;
    }
    const f = parseForm(body);
    const text = (k: string): string | null => (typeof f[k] === 'string' ? f[k] : null);
    const cust: StripeCustomer = {
      id: 'cus_' + randomUUID().replace(/-/g, '').slice(0, 14),
      object: 'customer',
      name: text('name'),
      email: text('email'),
      metadata: typeof f['metadata'] === 'object' ? f['metadata'] : {},
      created: Math.floor(Date.now() / 1000),
    };
    stripe.set(cust.id, cust);
    if (typeof key === 'string') idem.set(key, { params: body, answer: structuredClone(cust) });
    send(res, 200, cust);
  }

  function stripeRoute(req: IncomingMessage, res: ServerResponse, path: string, body: string): void {
    if (path === '/v1/customers' && req.method === 'POST') {
      stripeCreate(req, res, body);
      return;
    }
    const id = decodeURIComponent(path.slice('/v1/customers/'.length));
    const cust = stripe.get(id);
    if (!cust) {
      send(res, 404, stripeMissing(id));
      return;
    }
    if (req.method === 'DELETE') {
      stripe.delete(id);
      send(res, 200, { id, object: 'customer', deleted: true });
      return;
    }
    if (req.method === 'POST') stripeUpdate(cust, parseForm(body));
    send(res, 200, cust);
  }

  function route(req: IncomingMessage, res: ServerResponse, body: string): void {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const key = req.headers['idempotency-key'];
    calls.push({
      method: req.method ?? '',
      path,
      idempotencyKey: typeof key === 'string' ? key : null,
      body,
    });
    const provider = path.startsWith('/api/v1/customers')
      ? 'lago'
      : path.startsWith('/v1/customers')
        ? 'stripe'
        : undefined;
    if (!provider) {
      send(res, 404, { error: `no such route ${req.method ?? ''} ${path}` });
      return;
    }
    if (!req.headers.authorization) {
      send(res, 401, { error: 'missing api key' });
      return;
    }
    const f = injected(provider);
    if (f?.hang) return;
    if (f) {
      send(
        res,
        f.status ?? 500,
        { error: { type: 'api_error', message: 'injected failure' } },
        {
          ...(f.retryAfter !== undefined ? { 'Retry-After': f.retryAfter } : {}),
        },
      );
      return;
    }
    if (provider === 'lago') lagoRoute(req, res, path, body);
    else stripeRoute(req, res, path, body);
  }

  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      try {
        route(req, res, body);
      } catch (err) {
        send(res, 400, { error: String(err) });
      }
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  return {
    url,
    lagoUrl: `${url}/api/v1`,
    lago: () => [...lago.values()].map((c) => structuredClone(c)),
    stripe: () => [...stripe.values()].map((c) => structuredClone(c)),
    calls: () => [...calls],
    fail: (f) => failures.push(f),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}
