/**
 * The billing controller alone in its own process, for end-to-end tests that kill it:
 *   node --import tsx test/support/billing-controller-main.ts --kubeconfig FILE [--billing-config FILE]
 *     [--exit-before-status PROVIDER]   (see billing-crash.ts)
 * Built from the same pieces `orgplane controllers` wires (KubeClient, Manager, EventRecorder,
 * registerBillingController), unelected. Prints "billing controller running" once started;
 * SIGTERM stops it cleanly.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { loadBillingConfig, registerBillingController } from '../../controllers/billing/index.js';
import { COMPONENT } from '../../controllers/names.js';
import { EventRecorder } from '../../controllers/runtime/events.js';
import { KubeClient } from '../../controllers/runtime/kube-client.js';
import { kubeTransport } from '../../controllers/runtime/kube-transport.js';
import { Manager } from '../../controllers/runtime/manager.js';
import { exitBeforeStatus } from './billing-crash.js';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
}

const kubeconfig = flag('--kubeconfig');
if (kubeconfig === undefined) {
  process.stderr.write('billing-controller-main: --kubeconfig FILE is required\n');
  process.exit(2);
}
const configFile = flag('--billing-config');
const crashProvider = flag('--exit-before-status');
const kc = new KubeConfig();
kc.loadFromFile(kubeconfig);
const client = new KubeClient(kubeTransport(kc));
const line =
  (level: string) =>
  (message: string, meta?: Record<string, unknown>): void => {
    process.stderr.write(`${level} ${message} ${meta ? JSON.stringify(meta) : ''}\n`);
  };
const quiet = (): void => undefined;
const logger = { error: line('error'), warn: line('warn'), info: line('info'), debug: quiet };
const manager = new Manager({ client, logger });
const events = new EventRecorder({ client, component: COMPONENT, clusterNamespace: 'default' });
registerBillingController({
  manager,
  events,
  ...(crashProvider !== undefined ? { beforeRecord: exitBeforeStatus(crashProvider) } : {}),
  ...(configFile !== undefined ? { config: await loadBillingConfig(configFile) } : {}),
});
manager.start();
process.stdout.write('billing controller running\n');
process.once('SIGTERM', () => {
  void manager.stop().finally(() => process.exit(0));
});
