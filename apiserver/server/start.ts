/**
 * The API server's composition root: data dir, TLS, storage, catalog (built-ins, crds/, stored
 * CRDs), authentication, RBAC, the registry with its admission chain, the HTTPS listener, and the
 * in-process lifecycle loops (namespace finalizer, garbage collector, CRD watcher, compactor).
 */
import type { RequestListener } from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type winston from 'winston';
import { builtinResources } from '../../api/resources.js';
import { type auditOptionsFromFlags, createAuditor } from '../audit/index.js';
import { createAuthn } from '../authn/index.js';
import { loadOidcConfig } from '../authn/oidc-config.js';
import { BOOTSTRAP_ADMIN, ensureBootstrapToken } from '../authn/static-token.js';
import { reconcileBootstrapPolicy } from '../authz/bootstrap-reconcile.js';
import { mastersAuthorizer, unionAuthorizer } from '../authz/masters.js';
import { startRbac } from '../authz/rbac-runtime.js';
import { filteredReadScope } from '../authz/tenant-scope.js';
import { teamWriteDeferred } from '../authz/team-access.js';
import { renderKubeconfig } from '../bootstrap/kubeconfig.js';
import { accessReview, whoCanReview } from '../handlers/access-reviews.js';
import { quotaReview } from '../handlers/quota-review.js';
import { selfSubjectAccessReview, selfSubjectRulesReview, subjectAccessReview } from '../handlers/reviews.js';
import { consoleRoutes, defaultConsoleDir } from '../console/index.js';
import { Compactor } from '../lifecycle/compactor.js';
import { watchCRDs } from '../lifecycle/crd-watcher.js';
import type { WatchCacheOptions } from '../cache/cacher.js';
import { GarbageCollector } from '../lifecycle/gc.js';
import { NamespaceFinalizer } from '../lifecycle/namespace-finalizer.js';
import { instrumentStorage } from '../observability/instrumented-storage.js';
import { Metrics } from '../observability/metrics.js';
import { ResourceCatalog } from '../registry/catalog.js';
import { InternalStore } from '../registry/internal.js';
import type { Registry } from '../registry/registry.js';
import type { Storage } from '../storage/interface.js';
import { flowControl } from '../flowcontrol/index.js';
import { startUsage } from '../usage/index.js';
import { ACTIVITY_KIND } from '../../api/activity.js';
import { createApp } from './app.js';
import { openWatchCache } from './watch-cache.js';
import { healthChecks } from './health-checks.js';
import { GracefulShutdown } from './shutdown.js';
import { crdsServed, installCRDs, readCRDFiles } from './crd-install.js';
import { mountBackup } from './backup-endpoint.js';
import { mountDocs } from './docs.js';
import { openServerStorage } from './open-storage.js';
import { loadEncryption } from '../storage/encryption/load.js';
import { listen, tlsFor } from './listen.js';
import { buildRegistry } from './registry-setup.js';
import { handlerServices } from './services.js';

export interface ApiServerOptions {
  readonly dataDir: string;
  readonly port: number;
  readonly bindAddress: string;
  readonly etcdServers?: readonly string[];
  /** kube's EncryptionConfiguration for Secrets (default: <dataDir>/encryption-config.yaml, generated) */
  readonly encryptionConfigFile?: string;
  readonly tlsCertFile?: string;
  readonly tlsKeyFile?: string;
  /** `iss` of service account tokens; servers sharing a store must share it (default: the URL) */
  readonly serviceAccountIssuer?: string;
  /** trusted external OIDC issuers (YAML, see apiserver/authn/oidc-config.ts) */
  readonly oidcConfigFile?: string;
  /** audit policy, log, webhook and retention (see apiserver/audit/flags.ts) */
  readonly audit?: ReturnType<typeof auditOptionsFromFlags>;
  readonly crdsDir: string;
  readonly logger: winston.Logger;
  readonly now?: () => Date;
  /** requests executing at once, all priority levels together (default 200) */
  readonly maxRequestsInflight?: number;
  /** keep serving this long after /readyz turned unready at stop() (default 0) */
  readonly shutdownDelayMs?: number;
  /** how long in-flight requests may take to finish at stop() (default 30 s) */
  readonly shutdownTimeoutMs?: number;
  /** the watch cache serving reads and watches (default on); false reads storage directly */
  readonly watchCache?: false | Omit<WatchCacheOptions, 'logger' | 'metrics' | 'texts'>;
  /** the built web console served at /console/ (default: dist/console of this package) */
  readonly consoleDir?: string;
  /** request counters: flush to storage (default 1 s), status.requests writes (default 10 s) */
  readonly requestCounters?: { readonly flushIntervalMs?: number; readonly statusIntervalMs?: number };
}

export interface RunningApiServer {
  readonly url: string;
  readonly port: number;
  readonly kubeconfigPath: string;
  readonly adminToken: string;
  readonly caCert: string;
  readonly storage: Storage;
  readonly registry: Registry;
  /**
   * Resolves once the watch cache's first load is done (at once without a watch cache). The server
   * is ready before it; clients that list everything they follow (controllers) start after it.
   */
  readonly cacheLoaded: Promise<void>;
  /** what serves the HTTPS port's requests, for requests made in this process (`up`'s controllers) */
  readonly listener: RequestListener;
  /** graceful shutdown (see shutdown.ts); calling it again returns the same promise */
  stop(): Promise<void>;
}

export async function startApiServer(opts: ApiServerOptions): Promise<RunningApiServer> {
  const now = opts.now ?? ((): Date => new Date());
  const { logger } = opts;
  const encryption = await loadEncryption({
    configFile: opts.encryptionConfigFile,
    dataDir: opts.dataDir,
    now,
  });
  await mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
  const tls = await tlsFor(opts);
  const adminToken = await ensureBootstrapToken(opts.dataDir);
  const crds = await readCRDFiles(opts.crdsDir);
  const { storage: raw, backend } = await openServerStorage({
    dataDir: opts.dataDir,
    etcdServers: opts.etcdServers,
    encryption,
    logger,
  });
  const metrics = new Metrics(raw.name);
  const storage = instrumentStorage(raw, metrics.storageDuration);
  const catalog = new ResourceCatalog();
  catalog.set('builtin', builtinResources());
  const cached =
    opts.watchCache === false
      ? undefined
      : openWatchCache(storage, opts.watchCache ?? {}, { dataDir: opts.dataDir, logger, metrics });
  const watchCache = cached?.cache;
  const cacheSynced = watchCache?.start();

  let url = '';
  const internal = new InternalStore(storage);
  const authn = await createAuthn({
    internal,
    logger,
    now,
    bootstrapToken: adminToken,
    bootstrapUser: BOOTSTRAP_ADMIN,
    issuer: () => opts.serviceAccountIssuer ?? url,
    jwksUri: () => `${url}/openid/v1/jwks`,
    ...(opts.oidcConfigFile ? { oidc: await loadOidcConfig(opts.oidcConfigFile) } : {}),
  });
  const rbac = startRbac(internal, logger);
  const authorizer = unionAuthorizer([mastersAuthorizer, rbac.authorizer]);
  const registry = buildRegistry({
    storage,
    internal,
    catalog,
    now,
    rbac,
    authorizer,
    extraPlugins: [],
    ...(watchCache ? { watchCache } : {}),
  });
  const crdWatcher = watchCRDs(registry, logger);
  await crdWatcher.ready;
  await installCRDs(registry, crds);
  if (!(await crdsServed(registry, crds))) logger.warn('the CRDs of crds/ are stored but not all served yet');
  await rbac.ready;
  const boot = await reconcileBootstrapPolicy(registry, { logger });
  await rbac.waitFor(boot.revision);

  const usage = startUsage({
    internal,
    client: registry,
    tree: rbac.tenancy.tree,
    logger,
    ...(opts.now ? { now: () => now().getTime() } : {}),
    ...opts.requestCounters,
  });
  await usage.ready;

  const auditor = await createAuditor({
    dataDir: opts.dataDir,
    metricsRegistry: metrics.registry,
    logger,
    client: registry,
    signingKey: () => authn.keys.signingKey(),
    ...opts.audit,
  });
  let ready = false;
  const shutdown = new GracefulShutdown();
  const app = createApp({
    registry,
    services: handlerServices(metrics, shutdown.signal, (res) => registry.strategy(res)),
    shutdown,
    usage: usage.filters,
    readSubresources: new Map([['orgplane.io/organizations/activity', usage.activity]]),
    flowControl: flowControl({ maxInflight: opts.maxRequestsInflight ?? 200 }, metrics.registry),
    special: new Map([
      ['authorization.k8s.io/selfsubjectaccessreviews', selfSubjectAccessReview(authorizer)],
      ['authorization.k8s.io/subjectaccessreviews', subjectAccessReview(authorizer)],
      ['authorization.k8s.io/selfsubjectrulesreviews', selfSubjectRulesReview(authorizer)],
      ['orgplane.io/quotareviews', quotaReview({ registry, authorizer, rbac })],
      ['orgplane.io/accessreviews', accessReview({ catalog, authorizer, rbac })],
      ['orgplane.io/whocanreviews', whoCanReview({ catalog, authorizer, rbac })],
      ...authn.special,
    ]),
    logger,
    metrics,
    audit: auditor,
    authenticate: authn.authenticate,
    authorizer,
    admissionAuthorized: (attrs) => teamWriteDeferred(rbac.resolver, attrs),
    readScope: (attrs) => {
      const res = catalog.lookup(attrs.group, attrs.version, attrs.resource);
      return res ? filteredReadScope(rbac, attrs, res.namespaced) : undefined;
    },
    health: healthChecks({
      storage: raw,
      started: () => ready,
      shuttingDown: () => shutdown.shuttingDown,
      signingKeys: () => authn.keys.publicJwks().keys.length,
    }),
    mountPublic: (a) => {
      authn.mountPublic(a);
    },
    console: consoleRoutes({
      dir: opts.consoleDir ?? defaultConsoleDir(),
      login: authn.login,
      authenticateToken: authn.authenticateToken,
      now,
    }),
    mountDocs: (a) => {
      mountDocs(
        a,
        catalog,
        new Map([
          ['orgplane.io/organizations', [{ subresource: 'activity', kind: ACTIVITY_KIND, verbs: ['get'] }]],
        ]),
      );
      authn.mountAdmin(a);
      mountBackup(a, backend, logger);
    },
  });
  const listening = await listen(app, tls, opts.port, opts.bindAddress);
  url = listening.url;
  const loops = [
    new NamespaceFinalizer(registry, logger),
    new GarbageCollector(registry, logger),
    new Compactor(raw, logger),
  ];
  const kubeconfigPath = join(opts.dataDir, 'admin.kubeconfig');
  await writeFile(
    kubeconfigPath,
    renderKubeconfig({ server: url, caCert: tls.caCert, user: 'orgplane-admin', token: adminToken }),
    { mode: 0o600 },
  );
  // Ready before the watch cache's first load is done: until then reads go to storage and
  // watches wait for it (KEP-4568). The server's own loops start once it is loaded: they act in the
  // background (as kube's garbage collector does, in its controller manager), from the cache.
  ready = true;
  let stopped: Promise<void> | undefined;
  const cacheLoaded = Promise.resolve(cacheSynced);
  void cacheLoaded.then(() => {
    if (!stopped) for (const l of loops) void l.start();
  });
  return {
    url,
    port: listening.port,
    kubeconfigPath,
    adminToken,
    caCert: tls.caCert,
    storage,
    registry,
    cacheLoaded,
    listener: app,
    stop: () => {
      stopped ??= (async () => {
        await shutdown.run(listening.server, {
          delayMs: opts.shutdownDelayMs ?? 0,
          timeoutMs: opts.shutdownTimeoutMs ?? 30_000,
        });
        ready = false;
        for (const l of loops) l.stop();
        crdWatcher.stop();
        await cached?.stop();
        await usage.stop();
        rbac.stop();
        authn.stop();
        await auditor.shutdown();
        await raw.close();
      })();
      return stopped;
    },
  };
}
