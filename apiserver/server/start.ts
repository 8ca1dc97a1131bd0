/**
 * The API server's composition root: data dir, TLS, storage, catalog (built-ins, crds/, stored
 * CRDs), registry with its admission chain, HTTPS listener, and the in-process lifecycle loops
 * (namespace finalizer, garbage collector, CRD watcher).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type winston from 'winston';
import { builtinResources } from '../../api/resources.js';
import { namespaceLifecycle } from '../admission/plugins/namespace-lifecycle.js';
import { organizationNamespace } from '../admission/plugins/organization-namespace.js';
import { AdmissionChain } from '../admission/chain.js';
import { BOOTSTRAP_ADMIN, ensureBootstrapToken, staticTokenAuthenticator } from '../authn/static-token.js';
import { renderKubeconfig } from '../bootstrap/kubeconfig.js';
import { ensureTls } from '../bootstrap/certs.js';
import { quotaAdmission } from '../admission/plugins/quota.js';
import { rbacEscalation } from '../admission/plugins/rbac-escalation.js';
import { reconcileBootstrapPolicy } from '../authz/bootstrap-reconcile.js';
import { mastersAuthorizer, unionAuthorizer } from '../authz/masters.js';
import { startRbac, type Rbac } from '../authz/rbac-runtime.js';
import { filteredReadScope } from '../authz/tenant-scope.js';
import type { Authorizer } from '../authz/types.js';
import { selfSubjectAccessReview, selfSubjectRulesReview, subjectAccessReview } from '../handlers/reviews.js';
import { kindHooks } from '../kinds/index.js';
import { namespaceHooks } from '../kinds/namespace.js';
import { watchCRDs } from '../lifecycle/crd-watcher.js';
import { Compactor } from '../lifecycle/compactor.js';
import { GarbageCollector } from '../lifecycle/gc.js';
import { NamespaceFinalizer } from '../lifecycle/namespace-finalizer.js';
import { instrumentStorage } from '../observability/instrumented-storage.js';
import { Metrics } from '../observability/metrics.js';
import { ResourceCatalog } from '../registry/catalog.js';
import { ObjectCache } from '../registry/objcache.js';
import { Registry } from '../registry/registry.js';
import { openStorage } from '../storage/index.js';
import type { Storage } from '../storage/interface.js';
import { createApp } from './app.js';
import { installCRDs, readCRDFiles } from './crd-install.js';
import { mountDocs } from './docs.js';
import { fieldManager, handlerServices, objectValidator } from './services.js';

export interface ApiServerOptions {
  readonly dataDir: string;
  readonly port: number;
  readonly bindAddress: string;
  readonly etcdServers?: readonly string[];
  readonly tlsCertFile?: string;
  readonly tlsKeyFile?: string;
  readonly crdsDir: string;
  readonly logger: winston.Logger;
  readonly now?: () => Date;
}

export interface RunningApiServer {
  readonly url: string;
  readonly port: number;
  readonly kubeconfigPath: string;
  readonly adminToken: string;
  readonly caCert: string;
  readonly storage: Storage;
  readonly registry: Registry;
  stop(): Promise<void>;
}

async function tlsFor(opts: ApiServerOptions): Promise<{ cert: string; key: string; caCert: string }> {
  const generated = await ensureTls(opts.dataDir);
  if (!opts.tlsCertFile || !opts.tlsKeyFile) return generated;
  const [cert, key] = await Promise.all([
    readFile(opts.tlsCertFile, 'utf8'),
    readFile(opts.tlsKeyFile, 'utf8'),
  ]);
  return { cert, key, caCert: cert };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function buildRegistry(
  storage: Storage,
  catalog: ResourceCatalog,
  now: () => Date,
  authz: { rbac: Rbac; authorizer: Authorizer },
): Registry {
  const hooks = kindHooks(now);
  const admission = new AdmissionChain([
    namespaceLifecycle(storage),
    organizationNamespace({
      storage,
      namespaceResource: () => catalog.lookup('', 'v1', 'namespaces'),
      namespaceHooks,
      now,
    }),
    rbacEscalation({ resolver: authz.rbac.resolver, authorizer: authz.authorizer, storage }),
    quotaAdmission(storage),
  ]);
  return new Registry({
    storage,
    admission,
    catalog,
    validator: objectValidator(),
    fieldManager: fieldManager(now),
    hooks,
    now,
    cache: new ObjectCache(),
  });
}

export async function startApiServer(opts: ApiServerOptions): Promise<RunningApiServer> {
  const now = opts.now ?? ((): Date => new Date());
  await mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
  const tls = await tlsFor(opts);
  const adminToken = await ensureBootstrapToken(opts.dataDir);
  const crds = await readCRDFiles(opts.crdsDir);
  const raw = await openStorage({
    dataDir: opts.dataDir,
    ...(opts.etcdServers ? { etcdServers: opts.etcdServers } : {}),
  });
  const metrics = new Metrics(raw.name);
  const storage = instrumentStorage(raw, metrics.storageDuration);
  const catalog = new ResourceCatalog();
  catalog.set('builtin', builtinResources());
  const rbac = startRbac(storage, opts.logger);
  const authorizer = unionAuthorizer([mastersAuthorizer, rbac.authorizer]);
  const registry = buildRegistry(storage, catalog, now, { rbac, authorizer });
  const crdWatcher = watchCRDs(storage, catalog, opts.logger);
  await crdWatcher.ready;
  await installCRDs(registry, crds);
  await rbac.ready;
  const boot = await reconcileBootstrapPolicy(registry, { logger: opts.logger });
  await rbac.waitFor(boot.revision);

  let ready = false;
  const app = createApp({
    registry,
    services: handlerServices(metrics),
    special: new Map([
      ['authorization.k8s.io/selfsubjectaccessreviews', selfSubjectAccessReview(authorizer)],
      ['authorization.k8s.io/subjectaccessreviews', subjectAccessReview(authorizer)],
      ['authorization.k8s.io/selfsubjectrulesreviews', selfSubjectRulesReview(authorizer)],
    ]),
    logger: opts.logger,
    metrics,
    authenticate: staticTokenAuthenticator(adminToken, BOOTSTRAP_ADMIN),
    authorizer,
    readScope: (attrs) => {
      const res = catalog.lookup(attrs.group, attrs.version, attrs.resource);
      return res ? filteredReadScope(rbac, attrs, res.namespaced) : undefined;
    },
    health: { live: () => Promise.resolve(true), ready: () => Promise.resolve(ready) },
    mountDocs: (a) => {
      mountDocs(a, catalog);
    },
  });
  const server = createServer({ cert: tls.cert, key: tls.key }, app);
  server.keepAliveTimeout = 65_000;
  const port = await listen(server, opts.port, opts.bindAddress);
  const host = opts.bindAddress === '0.0.0.0' || opts.bindAddress === '::' ? '127.0.0.1' : opts.bindAddress;
  const url = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const finalizer = new NamespaceFinalizer(registry, opts.logger);
  finalizer.start();
  const gc = new GarbageCollector(registry, opts.logger);
  gc.start();
  const compactor = new Compactor(raw, opts.logger);
  compactor.start();
  const kubeconfigPath = join(opts.dataDir, 'admin.kubeconfig');
  await writeFile(
    kubeconfigPath,
    renderKubeconfig({ server: url, caCert: tls.caCert, user: 'orgplane-admin', token: adminToken }),
    { mode: 0o600 },
  );
  ready = true;
  return {
    url,
    port,
    kubeconfigPath,
    adminToken,
    caCert: tls.caCert,
    storage,
    registry,
    stop: async () => {
      ready = false;
      finalizer.stop();
      gc.stop();
      compactor.stop();
      crdWatcher.stop();
      rbac.stop();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      });
      await raw.close();
    },
  };
}
