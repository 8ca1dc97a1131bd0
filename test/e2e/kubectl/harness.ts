/** What the kubectl scenario groups share: the running server, kubectl with expectations, objects. */
import type { E2eServer, KubectlOptions, KubectlResult, RunningKubectl } from '../../support/e2e.js';

/** A scenario group registers its tests; the server is started by the caller's beforeAll. */
export type ScenarioGroup = (k: Kubectl) => void;

export interface Kubectl {
  readonly server: () => E2eServer;
  /** run; throw with the output unless it exits 0; answer stdout */
  ok(args: readonly string[], opts?: KubectlOptions): Promise<string>;
  /** run; throw unless it exits non-zero; answer the result */
  fails(args: readonly string[], opts?: KubectlOptions): Promise<KubectlResult>;
  run(args: readonly string[], opts?: KubectlOptions): Promise<KubectlResult>;
  start(args: readonly string[], opts?: KubectlOptions): RunningKubectl;
  /**
   * Rerun (with a fresh discovery cache) until it exits 0 and its stdout matches `match`, e.g.
   * a kind served after its CRD is applied; answer stdout.
   */
  eventually(args: readonly string[], match?: RegExp, timeoutMs?: number): Promise<string>;
}

export function kubectlFor(server: () => E2eServer): Kubectl {
  const run = (args: readonly string[], opts?: KubectlOptions): Promise<KubectlResult> =>
    server().kubectl(args, opts);
  const describe = (args: readonly string[], r: KubectlResult): string =>
    `kubectl ${args.join(' ')} exited ${String(r.code)}\n${r.stdout}${r.stderr}`;
  return {
    server,
    run,
    start: (args, opts) => server().startKubectl(args, opts),
    ok: async (args, opts) => {
      const r = await run(args, opts);
      if (r.code !== 0) throw new Error(describe(args, r));
      return r.stdout;
    },
    fails: async (args, opts) => {
      const r = await run(args, opts);
      if (r.code === 0) throw new Error(`expected a failure: ${describe(args, r)}`);
      return r;
    },
    eventually: async (args, match = /(?:)/, timeoutMs = 15_000) => {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const r = await run(args, { freshCache: true });
        if (r.code === 0 && match.test(r.stdout)) return r.stdout;
        if (Date.now() > until) throw new Error(describe(args, r));
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    },
  };
}

export interface AgentOptions {
  readonly model?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly finalizers?: readonly string[];
  readonly spec?: Readonly<Record<string, unknown>>;
}

/** An Agent manifest as JSON (kubectl reads JSON wherever it reads YAML). */
export function agent(name: string, namespace: string, o: AgentOptions = {}): Record<string, unknown> {
  return {
    apiVersion: 'orgplane.io/v1alpha1',
    kind: 'Agent',
    metadata: {
      name,
      namespace,
      ...(o.labels ? { labels: o.labels } : {}),
      ...(o.annotations ? { annotations: o.annotations } : {}),
      ...(o.finalizers ? { finalizers: o.finalizers } : {}),
    },
    spec: { model: o.model ?? 'gpt-4o-mini', ...o.spec },
  };
}

/** Several manifests as one stream for `-f -` (kubectl reads concatenated JSON objects). */
export const docs = (...objs: readonly unknown[]): string => objs.map((o) => JSON.stringify(o)).join('\n');

/** The non-empty lines of kubectl's output. */
export const lines = (text: string): string[] => text.split('\n').filter((l) => l.trim() !== '');

/** The namespace the scenario groups work in (created by the suite's beforeAll). */
export const NS = 'e2e';
