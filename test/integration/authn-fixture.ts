/**
 * A real store plus the authn pieces, behind a small HTTPS app shaped like app.ts:
 * public routes (login, discovery) first, then the authenticator, then the serviceaccount
 * token/password special handlers. Accounts are written straight to storage as the registry
 * would store them. The clock is injected.
 */
import { randomUUID } from 'node:crypto';
import { Agent, createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import express from 'express';
import winston from 'winston';
import type { KubeObject } from '../../api/meta.js';
import type { ResourceInfo } from '../../api/resource.js';
import { resourcesFromCRD } from '../../api/resources.js';
import { serviceAccountCRD } from '../../api/serviceaccount.js';
import { ensureTls } from '../../apiserver/bootstrap/certs.js';
import { createAuthn, type Authn, type AuthnOptions } from '../../apiserver/authn/index.js';
import { SERVICEACCOUNTS_PREFIX } from '../../apiserver/authn/accounts.js';
import { isApiError, notFound, unauthorized } from '../../apiserver/errors/status.js';
import type { HandlerContext } from '../../apiserver/handlers/context.js';
import { sendError, sendJson } from '../../apiserver/http/respond.js';
import { decode } from '../../apiserver/storage/codec.js';
import type { Store } from '../../apiserver/registry/store.js';
import { openEmbeddedStorage } from '../../apiserver/storage/embedded/index.js';
import type { Storage } from '../../apiserver/storage/interface.js';
import { InternalStore } from '../../apiserver/registry/internal.js';
import { httpsCall, type CallResult } from '../support/https-call.js';
import { etcdBackend } from '../support/storage-backends.js';
import { put } from '../support/storage-put.js';

export const FAST_SCRYPT = { N: 1024, r: 8, p: 1, keyLength: 32 };
export const ISSUER = 'https://orgplane.test';
export const BOOTSTRAP_TOKEN = 'bootstrap-secret-token';

export interface Clock {
  now(): Date;
  advance(seconds: number): void;
}

export function testClock(start = Date.parse('2025-06-01T12:00:00Z')): Clock {
  let t = start;
  return { now: () => new Date(t), advance: (s) => (t += s * 1000) };
}

export type { CallResult } from '../support/https-call.js';

export interface Fixture {
  /** the HTTPS URL of the app, served with a certificate of caCert */
  readonly url: string;
  readonly caCert: string;
  readonly storage: Storage;
  readonly clock: Clock;
  readonly authn: Authn;
  /** every log line written by the authn pieces */
  readonly logs: string[];
  /** as the bootstrap admin unless a token (or null: none) is given */
  call(
    method: string,
    path: string,
    opts?: { body?: unknown; token?: string | null; headers?: Record<string, string> },
  ): Promise<CallResult>;
  /** create or update account `name` (new uid unless given); resolves when the index has it */
  putAccount(name: string, opts?: { disabled?: boolean; uid?: string }): Promise<string>;
  deleteAccount(name: string): Promise<void>;
  /** another authn instance (a second API server) on the same store (etcd: its own client) */
  second(): Promise<Authn>;
  stop(): Promise<void>;
}

function captureLogger(lines: string[]): winston.Logger {
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString('utf8'));
      cb();
    },
  });
  return winston.createLogger({
    level: 'debug',
    format: winston.format.json(),
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
    transports: [new winston.transports.Stream({ stream })],
  });
}

function serviceAccountResource(): ResourceInfo {
  const res = resourcesFromCRD(serviceAccountCRD)[0];
  if (!res) throw new Error('no ServiceAccount resource');
  return res;
}

/** The parts of HandlerContext the serviceaccount special handlers use. */
function contextFor(
  storage: Storage,
  name: string,
  req: express.Request,
  resp: express.Response,
): HandlerContext {
  const res = serviceAccountResource();
  const key = (_ns: string, n: string): string => SERVICEACCOUNTS_PREFIX + n;
  const store = {
    key,
    get: async (_ns: string, n: string): Promise<KubeObject> => {
      const kv = await storage.get(key('', n));
      if (!kv) throw notFound({ group: res.group, resource: res.plural }, n);
      return decode(kv);
    },
  } as unknown as Store;
  const url = new URL(req.originalUrl, 'http://localhost');
  const query = Object.fromEntries(url.searchParams);
  const info = {
    verb: 'create',
    name,
    subresource: '',
    namespace: '',
    resource: 'serviceaccounts',
    group: res.group,
    version: 'v1alpha1',
  };
  return {
    info,
    res,
    store,
    namespace: '',
    user: { username: 'admin', groups: [] },
    query,
    req,
    resp,
  } as unknown as HandlerContext;
}

function buildApp(storage: Storage, authn: Authn, logger: winston.Logger): express.Express {
  const app = express();
  app.use((req, resp, next) => {
    resp.on('finish', () => logger.info('request', { uri: req.originalUrl, code: resp.statusCode }));
    next();
  });
  authn.mountPublic(app);
  app.use(async (req, resp, next) => {
    const user = await authn.authenticate(req);
    if (!user) throw unauthorized();
    resp.locals.user = user;
    next();
  });
  app.get('/whoami', (_req, resp) => {
    sendJson(resp, 200, resp.locals.user);
  });
  app.post('/apis/orgplane.io/v1alpha1/serviceaccounts/:name/:sub', async (req, resp) => {
    const handler = authn.special.get(`orgplane.io/serviceaccounts/${req.params.sub}`);
    if (!handler) throw notFound({ group: '', resource: '' }, '');
    await handler(contextFor(storage, req.params.name, req, resp));
  });
  app.use((err: unknown, _req: express.Request, resp: express.Response, _next: express.NextFunction) => {
    if (isApiError(err)) sendError(resp, err);
    else {
      logger.error('internal', { error: err instanceof Error ? err.stack : String(err) });
      resp.status(500).end();
    }
  });
  return app;
}

export interface FixtureOptions extends Partial<AuthnOptions> {
  /** embedded (default): one store shared by every instance; etcd: one client per instance */
  readonly backend?: 'embedded' | 'etcd';
}

export async function startFixture(extra: FixtureOptions = {}): Promise<Fixture> {
  const { backend = 'embedded', ...overrides } = extra;
  const dir = await mkdtemp(join(tmpdir(), 'orgplane-authn-'));
  const etcd = backend === 'etcd' ? etcdBackend() : undefined;
  const storage = etcd ? await etcd.open() : await openEmbeddedStorage({ path: dir });
  const clock = testClock();
  const logs: string[] = [];
  const logger = captureLogger(logs);
  const opts: AuthnOptions = {
    internal: new InternalStore(storage),
    logger,
    now: () => clock.now(),
    issuer: () => ISSUER,
    bootstrapToken: BOOTSTRAP_TOKEN,
    scrypt: FAST_SCRYPT,
    ...overrides,
  };
  const authn = await createAuthn(opts);
  const others: Authn[] = [];
  const tls = await ensureTls(dir);
  const server: Server = createServer({ cert: tls.cert, key: tls.key }, buildApp(storage, authn, logger));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const agent = new Agent({ ca: tls.caCert, keepAlive: false });
  const call: Fixture['call'] = (method, path, o = {}) =>
    httpsCall({ url: `https://127.0.0.1:${port}`, agent, token: BOOTSTRAP_TOKEN }, method, path, o);
  const putAccount: Fixture['putAccount'] = async (name, o = {}) => {
    const uid = o.uid ?? randomUUID();
    const obj = {
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'ServiceAccount',
      metadata: { name, uid },
      spec: { disabled: o.disabled ?? false },
    };
    const kv = await put(storage, SERVICEACCOUNTS_PREFIX + name, JSON.stringify(obj));
    await authn.accounts.caughtUp(kv.modRevision);
    return uid;
  };
  const deleteAccount: Fixture['deleteAccount'] = async (name) => {
    const r = await storage.delete(SERVICEACCOUNTS_PREFIX + name);
    await authn.accounts.caughtUp(r.revision);
  };
  return {
    url: `https://127.0.0.1:${port}`,
    caCert: tls.caCert,
    storage,
    clock,
    authn,
    logs,
    call,
    putAccount,
    deleteAccount,
    second: async () => {
      const a = await createAuthn(etcd ? { ...opts, internal: new InternalStore(await etcd.open()) } : opts);
      others.push(a);
      return a;
    },
    stop: async () => {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => {
        server.close(() => {
          r();
        });
      });
      for (const a of [authn, ...others]) a.stop();
      if (etcd) await etcd.cleanup();
      else await storage.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
