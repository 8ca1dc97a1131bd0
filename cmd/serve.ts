/** `orgplane up` and `orgplane apiserver`: flags (also from ORGPLANE_* variables) and clean failures. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError, Option } from 'commander';
import type winston from 'winston';
import { auditFlagOptions, auditOptionsFromFlags, type AuditFlags } from '../apiserver/audit/index.js';
import { createLogger, type LogLevel } from '../apiserver/observability/logger.js';
import type { RunningControllers } from '../controllers/index.js';
import { stopWhenNpxExits } from './npx-parent.js';
import { startApiServer, type RunningApiServer } from '../apiserver/server/start.js';
import { isStorageError } from '../apiserver/storage/errors.js';

interface ServeFlags extends AuditFlags {
  dataDir: string;
  port: number;
  bindAddress: string;
  etcdServers?: string[];
  encryptionProviderConfig?: string;
  tlsCertFile?: string;
  tlsKeyFile?: string;
  serviceAccountIssuer?: string;
  oidcConfig?: string;
  logLevel: LogLevel;
  shutdownDelayDuration: number;
  maxRequestsInflight: number;
  shutdownTimeout: number;
}

function parseCount(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1 || n > 100_000)
    throw new InvalidArgumentError('must be a whole number (1-100000)');
  return n;
}

function parseSeconds(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0 || n > 3600)
    throw new InvalidArgumentError('must be a number of seconds (0-3600)');
  return n;
}

function parsePort(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 0 || n > 65535)
    throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
}

export function parseServers(v: string): string[] {
  const urls = v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const u of urls) {
    if (!/^https?:\/\/[^/\s]+$/.test(u))
      throw new InvalidArgumentError(`"${u}" is not a URL like http://127.0.0.1:2379`);
  }
  if (urls.length === 0) throw new InvalidArgumentError('needs at least one URL');
  return urls;
}

/** crds/ beside the package: ../crds from cmd/ (tsx) or ../../crds from dist/cmd/. */
export function defaultCrdsDir(): string {
  for (const rel of ['../crds', '../../crds']) {
    const p = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(p)) return p;
  }
  throw new Error('cannot find the crds/ directory of the orgplane package');
}

function addServeFlags(cmd: Command): Command {
  for (const o of auditFlagOptions()) cmd.addOption(o);
  return cmd
    .addOption(
      new Option('--data-dir <dir>', 'where keys, certificates and the embedded store live')
        .env('ORGPLANE_DATA_DIR')
        .default('.orgplane'),
    )
    .addOption(
      new Option('--port <port>', 'HTTPS port').env('ORGPLANE_PORT').default(6443).argParser(parsePort),
    )
    .addOption(
      new Option('--bind-address <ip>', 'address to listen on')
        .env('ORGPLANE_BIND_ADDRESS')
        .default('127.0.0.1'),
    )
    .addOption(
      new Option('--etcd-servers <urls>', 'comma-separated etcd client URLs (default: embedded store)')
        .env('ORGPLANE_ETCD_SERVERS')
        .argParser(parseServers),
    )
    .addOption(
      new Option(
        '--encryption-provider-config <file>',
        "how Secrets are encrypted at rest (kube's EncryptionConfiguration; default: a key generated in the data dir)",
      ).env('ORGPLANE_ENCRYPTION_PROVIDER_CONFIG'),
    )
    .addOption(
      new Option('--tls-cert-file <file>', 'serving certificate (default: generated)').env(
        'ORGPLANE_TLS_CERT_FILE',
      ),
    )
    .addOption(
      new Option('--tls-key-file <file>', 'serving key (default: generated)').env('ORGPLANE_TLS_KEY_FILE'),
    )
    .addOption(
      new Option(
        '--service-account-issuer <url>',
        'issuer of service account tokens; share it between API servers',
      ).env('ORGPLANE_SERVICE_ACCOUNT_ISSUER'),
    )
    .addOption(
      new Option('--oidc-config <file>', 'trusted external OIDC issuers (YAML)').env('ORGPLANE_OIDC_CONFIG'),
    )
    .addOption(
      new Option(
        '--shutdown-delay-duration <seconds>',
        'on SIGTERM, keep serving this long after /readyz turned unready (time for a load balancer to notice)',
      )
        .env('ORGPLANE_SHUTDOWN_DELAY_DURATION')
        .default(1)
        .argParser(parseSeconds),
    )
    .addOption(
      new Option('--shutdown-timeout <seconds>', 'on SIGTERM, how long in-flight requests may take to finish')
        .env('ORGPLANE_SHUTDOWN_TIMEOUT')
        .default(30)
        .argParser(parseSeconds),
    )
    .addOption(
      new Option(
        '--max-requests-inflight <n>',
        'requests executing at once; more wait in fair per-organization queues, then get 429',
      )
        .env('ORGPLANE_MAX_REQUESTS_INFLIGHT')
        .default(200)
        .argParser(parseCount),
    )
    .addOption(
      new Option('--log-level <level>', 'log level (debug: also one line per request)')
        .env('ORGPLANE_LOG_LEVEL')
        .choices(['error', 'warn', 'info', 'debug'])
        .default('info'),
    );
}

function explain(err: unknown, flags: ServeFlags): string {
  const code = (err as { code?: unknown }).code;
  if (code === 'EADDRINUSE') return `port ${flags.port} on ${flags.bindAddress} is already in use`;
  if (code === 'EACCES') return `not allowed to listen on port ${flags.port}`;
  if (code === 'EADDRNOTAVAIL') return `cannot listen on ${flags.bindAddress}: address not available`;
  if (isStorageError(err, 'Unavailable'))
    return `cannot reach etcd at ${(flags.etcdServers ?? []).join(',')}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

async function serve(flags: ServeFlags, logger: winston.Logger): Promise<RunningApiServer> {
  try {
    return await startApiServer({
      dataDir: flags.dataDir,
      port: flags.port,
      bindAddress: flags.bindAddress,
      crdsDir: defaultCrdsDir(),
      logger,
      audit: auditOptionsFromFlags(flags),
      shutdownDelayMs: flags.shutdownDelayDuration * 1000,
      maxRequestsInflight: flags.maxRequestsInflight,
      shutdownTimeoutMs: flags.shutdownTimeout * 1000,
      ...(flags.etcdServers ? { etcdServers: flags.etcdServers } : {}),
      ...(flags.encryptionProviderConfig ? { encryptionConfigFile: flags.encryptionProviderConfig } : {}),
      ...(flags.tlsCertFile ? { tlsCertFile: flags.tlsCertFile } : {}),
      ...(flags.tlsKeyFile ? { tlsKeyFile: flags.tlsKeyFile } : {}),
      ...(flags.serviceAccountIssuer ? { serviceAccountIssuer: flags.serviceAccountIssuer } : {}),
      ...(flags.oidcConfig ? { oidcConfigFile: flags.oidcConfig } : {}),
    });
  } catch (err) {
    throw new Error(explain(err, flags));
  }
}

/**
 * The in-process controllers, started once the server's watch cache is loaded: their informers then
 * list from it instead of from storage while the cache is loading the same objects (the server is
 * ready before that). A failure to start them ends the process, as it did before ready.
 */
function afterCacheLoad(
  server: RunningApiServer,
  start: () => Promise<RunningControllers>,
): { stop(): Promise<void> } {
  let stopping = false;
  const running = server.cacheLoaded.then(() => (stopping ? undefined : start()));
  running.catch((err: unknown) => {
    process.stderr.write(`orgplane: controllers: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
  return {
    stop: async () => {
      stopping = true;
      const c = await running.catch(() => undefined);
      await c?.stop();
    },
  };
}

/** Stop in order on SIGINT/SIGTERM: controllers first (releasing their Lease), then the server. */
function stopOnSignals(stops: (() => Promise<void>)[]): void {
  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    void (async () => {
      for (const stop of stops) await stop().catch(() => undefined);
    })().finally(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  stopWhenNpxExits(shutdown);
}

export function registerServe(program: Command): void {
  const up = addServeFlags(program.command('up').description('API server and controllers in one process'));
  up.addOption(
    new Option('--billing-config <file>', 'billing providers (YAML)').env('ORGPLANE_BILLING_CONFIG'),
  );
  up.action(async (flags: ServeFlags & { billingConfig?: string }) => {
    const logger = createLogger(flags.logLevel);
    const billingConfig = flags.billingConfig
      ? await (await import('../controllers/billing/index.js')).loadBillingConfig(flags.billingConfig)
      : undefined;
    const server = await serve(flags, logger);
    // the controllers' modules (the billing SDKs among them) load after ready
    const controllers = afterCacheLoad(server, async () =>
      (await import('./up-controllers.js')).startUpControllers({
        server,
        logger,
        ...(billingConfig ? { billingConfig } : {}),
      }),
    );
    stopOnSignals([() => controllers.stop(), () => server.stop()]);
    process.stdout.write(`orgplane ready at ${server.url}, kubeconfig ${server.kubeconfigPath}\n`);
  });
  addServeFlags(program.command('apiserver').description('the API server alone')).action(
    async (flags: ServeFlags) => {
      const server = await serve(flags, createLogger(flags.logLevel));
      stopOnSignals([() => server.stop()]);
      process.stdout.write(
        `orgplane apiserver ready at ${server.url}, kubeconfig ${server.kubeconfigPath}\n`,
      );
    },
  );
}
