/**
 * The HA topology for fault tests: `orgplane apiserver` processes sharing one data dir (one CA,
 * one admin token, one issuer) on one etcd cluster, each on its own port; signals to kill them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import type { ClientRequest } from 'node:http';
import { Agent, request } from 'node:https';
import { join } from 'node:path';
import { binary, repoRoot } from './e2e.js';
import { httpsCall, type CallOptions, type CallResult } from './https-call.js';
import { launch } from './launch.js';

export interface ApiServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  call(method: string, path: string, opts?: CallOptions): Promise<CallResult>;
  /** a streaming GET: onLine for every line; `ended` resolves when the stream ends or breaks */
  stream(
    path: string,
    onLine: (line: string) => void,
  ): { readonly ended: Promise<void>; readonly close: () => void };
  /** send a signal; resolves when the process is gone */
  kill(signal: NodeJS.Signals): Promise<void>;
}

const READY = /orgplane (?:apiserver )?ready at (https:\/\/[^\s,]+)/;

/** `port` 0 picks a free one; a restart passes the port of the process it replaces. */
export function startApiServerProcess(
  dataDir: string,
  etcdEndpoints: readonly string[],
  extraArgs: readonly string[] = [],
  port = 0,
): Promise<ApiServerProcess> {
  return startOrgplaneProcess({ command: 'apiserver', dataDir, etcdEndpoints, extraArgs, port });
}

export interface OrgplaneProcessOptions {
  /** `apiserver` alone, or `up` (API server and controllers in one process) */
  readonly command: 'apiserver' | 'up';
  readonly dataDir: string;
  /** none: the embedded store in dataDir */
  readonly etcdEndpoints?: readonly string[];
  readonly extraArgs?: readonly string[];
  readonly port?: number;
}

/** Starts `orgplane <command>` and resolves once it prints that it is ready. */
export async function startOrgplaneProcess(opts: OrgplaneProcessOptions): Promise<ApiServerProcess> {
  const { command, dataDir, etcdEndpoints = [], extraArgs = [], port = 0 } = opts;
  const args = [
    command,
    '--data-dir',
    dataDir,
    '--port',
    String(port),
    ...(etcdEndpoints.length > 0 ? ['--etcd-servers', etcdEndpoints.join(',')] : []),
  ];
  const run = launch(binary);
  const child = spawn(
    run.command,
    [...run.args, ...args, '--service-account-issuer', 'https://orgplane.ha', ...extraArgs],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  child.stdout.on('data', (c: Buffer) => (log += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (log += c.toString('utf8')));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`orgplane ${command} did not become ready in 60 s:\n${log}`));
    }, 60_000);
    const onData = (): void => {
      const m = READY.exec(log);
      if (!m) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve(m[1] ?? '');
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`orgplane ${command} exited (${String(code)}):\n${log}`));
    });
  });
  const ca = await readFile(join(dataDir, 'ca.crt'), 'utf8');
  const token = (await readFile(join(dataDir, 'admin.kubeconfig'), 'utf8')).match(/token: (\S+)/)?.[1];
  const agent = new Agent({ ca, keepAlive: true });
  return {
    url,
    child,
    call: (method, path, opts = {}) =>
      httpsCall({ url, agent, ...(token ? { token } : {}) }, method, path, opts),
    stream: (path, onLine) => {
      const streamAgent = new Agent({ ca });
      let req: ClientRequest | undefined;
      const ended = new Promise<void>((resolve) => {
        req = request(
          `${url}${path}`,
          { agent: streamAgent, headers: { Authorization: `Bearer ${token ?? ''}` } },
          (res) => {
            let buf = '';
            res.setEncoding('utf8');
            res.on('data', (d: string) => {
              buf += d;
              for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
                const line = buf.slice(0, i);
                buf = buf.slice(i + 1);
                if (line.trim() !== '') onLine(line);
              }
            });
            res.on('end', () => {
              resolve();
            });
            res.on('error', () => {
              resolve();
            });
            res.on('close', () => {
              resolve();
            });
          },
        );
        req.on('error', () => {
          resolve();
        });
        req.end();
      });
      return {
        ended: ended.finally(() => {
          streamAgent.destroy();
        }),
        close: () => req?.destroy(),
      };
    },
    kill: async (signal) => {
      agent.destroy();
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = once(child, 'exit');
      child.kill(signal);
      await gone;
    },
  };
}

/** Two API servers on one data dir and etcd, with `namespaces` created through the first. */
export async function startApiServerPair(
  dir: string,
  endpoints: readonly string[],
  namespaces: readonly string[],
): Promise<ApiServerProcess[]> {
  const servers = [await startApiServerProcess(dir, endpoints), await startApiServerProcess(dir, endpoints)];
  for (const ns of namespaces) {
    const r = await servers[0]?.call('POST', '/api/v1/namespaces', { body: { metadata: { name: ns } } });
    if (r?.status !== 201) throw new Error(`namespace ${ns}: ${String(r?.status)} ${r?.text ?? ''}`);
  }
  return servers;
}
