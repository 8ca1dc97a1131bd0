/**
 * `orgplane controllers --kubeconfig FILE [--leader-elect=true] [--leader-elect-lease-duration 15s
 * --leader-elect-renew-deadline 10s --leader-elect-retry-period 2s]`: the controllers alone, against
 * any Kubernetes API server (`orgplane up` runs them in-process: up-controllers.ts).
 */
import { access } from 'node:fs/promises';
import { KubeConfig } from '@kubernetes/client-node';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { createLogger, type LogLevel } from '../apiserver/observability/logger.js';
import { loadBillingConfig } from '../controllers/billing/index.js';
import {
  DEFAULT_LEASE_NAME,
  DEFAULT_LEASE_NAMESPACE,
  defaultIdentity,
  runControllers,
} from '../controllers/index.js';
import { KubeClient } from '../controllers/runtime/kube-client.js';
import { kubeTransport } from '../controllers/runtime/kube-transport.js';
import { NAMESPACES } from '../controllers/runtime/resources.js';
import { parseDuration } from './gitops/wait.js';

interface ControllersFlags {
  kubeconfig?: string;
  leaderElect: boolean;
  leaseNamespace: string;
  leaseName: string;
  identity?: string;
  leaderElectLeaseDuration: number;
  leaderElectRenewDeadline: number;
  leaderElectRetryPeriod: number;
  billingConfig?: string;
  logLevel: LogLevel;
}

function parseBool(v: string): boolean {
  if (/^(true|1|yes)$/i.test(v)) return true;
  if (/^(false|0|no)$/i.test(v)) return false;
  throw new InvalidArgumentError('must be true or false');
}

function durationMs(v: string): number {
  try {
    const ms = parseDuration(v);
    if (ms <= 0) throw new Error('must be positive');
    return ms;
  } catch (err) {
    throw new InvalidArgumentError(err instanceof Error ? err.message : String(err));
  }
}

async function loadKubeConfig(file: string | undefined): Promise<KubeConfig> {
  const kc = new KubeConfig();
  if (file === undefined) {
    kc.loadFromDefault();
  } else {
    await access(file).catch(() => {
      throw new Error(`cannot read kubeconfig ${file}`);
    });
    kc.loadFromFile(file);
  }
  if (!kc.getCurrentCluster()) throw new Error(`kubeconfig ${file ?? '(default)'} has no current cluster`);
  return kc;
}

/** One request up front, so an unreachable or refusing server is one clear line, not a retry loop. */
async function preflight(kc: KubeConfig): Promise<void> {
  const server = kc.getCurrentCluster()?.server ?? '';
  const client = new KubeClient(kubeTransport(kc));
  try {
    await client.get(NAMESPACES, 'default');
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const reason = err instanceof Error ? err.message : String(err);
    if (code === 401 || code === 403)
      throw new Error(`the API server at ${server} refused our credentials: ${reason}`);
    throw new Error(`cannot reach the API server at ${server}: ${reason}`);
  } finally {
    client.close();
  }
}

async function run(flags: ControllersFlags): Promise<void> {
  if (flags.leaderElectRenewDeadline >= flags.leaderElectLeaseDuration)
    throw new Error('--leader-elect-renew-deadline must be shorter than --leader-elect-lease-duration');
  const logger = createLogger(flags.logLevel);
  const kubeConfig = await loadKubeConfig(flags.kubeconfig);
  const billingConfig = flags.billingConfig ? await loadBillingConfig(flags.billingConfig) : undefined;
  await preflight(kubeConfig);
  const identity = flags.identity ?? defaultIdentity();
  const running = runControllers({
    connect: () => kubeTransport(kubeConfig),
    logger,
    identity,
    leaderElect: flags.leaderElect,
    leaseNamespace: flags.leaseNamespace,
    leaseName: flags.leaseName,
    leaseDurationMs: flags.leaderElectLeaseDuration,
    renewDeadlineMs: flags.leaderElectRenewDeadline,
    retryPeriodMs: flags.leaderElectRetryPeriod,
    ...(billingConfig ? { billingConfig } : {}),
  });
  const shutdown = (): void => {
    void running.stop().finally(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  const how = flags.leaderElect
    ? `leader election on lease ${flags.leaseNamespace}/${flags.leaseName}`
    : 'no leader election';
  process.stdout.write(`orgplane controllers running as ${identity} (${how})\n`);
}

export function registerControllers(program: Command): void {
  program
    .command('controllers')
    .description('the controllers alone, leader-elected through a Lease')
    .addOption(
      new Option(
        '--kubeconfig <file>',
        'kubeconfig of the API server (default: $KUBECONFIG, ~/.kube/config)',
      ).env('ORGPLANE_KUBECONFIG'),
    )
    .addOption(
      new Option('--leader-elect [bool]', 'elect one active replica through a Lease')
        .env('ORGPLANE_LEADER_ELECT')
        .argParser(parseBool)
        .default(true),
    )
    .addOption(
      new Option('--lease-namespace <ns>', 'namespace of the Lease')
        .env('ORGPLANE_LEASE_NAMESPACE')
        .default(DEFAULT_LEASE_NAMESPACE),
    )
    .addOption(
      new Option('--lease-name <name>', 'name of the Lease')
        .env('ORGPLANE_LEASE_NAME')
        .default(DEFAULT_LEASE_NAME),
    )
    .addOption(
      new Option('--identity <id>', 'this replica in the Lease (default: hostname_uuid)').env(
        'ORGPLANE_IDENTITY',
      ),
    )
    .addOption(
      new Option(
        '--leader-elect-lease-duration <duration>',
        'how long followers wait after the last renewal before taking the Lease',
      )
        .argParser(durationMs)
        .default(15_000, '15s'),
    )
    .addOption(
      new Option(
        '--leader-elect-renew-deadline <duration>',
        'the leader stops acting (and refuses writes) this long after its last successful renewal',
      )
        .argParser(durationMs)
        .default(10_000, '10s'),
    )
    .addOption(
      new Option('--leader-elect-retry-period <duration>', 'how often to renew or try to acquire')
        .argParser(durationMs)
        .default(2_000, '2s'),
    )
    .addOption(
      new Option('--billing-config <file>', 'billing providers (YAML)').env('ORGPLANE_BILLING_CONFIG'),
    )
    .addOption(
      new Option('--log-level <level>', 'log level')
        .env('ORGPLANE_LOG_LEVEL')
        .choices(['error', 'warn', 'info', 'debug'])
        .default('info'),
    )
    .action(async (flags: ControllersFlags) => {
      await run(flags);
    });
}
