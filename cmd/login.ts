/**
 * `orgplane login --server URL --username NAME [--password-stdin] [--kubeconfig FILE]
 * [--certificate-authority FILE] [--context NAME]`: POST /login with the account's password, then
 * write (or merge into) a kubeconfig a cluster with the server's CA, a user with the token and a
 * current context, so kubectl works as that account. Failures are one line, never a stack.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { Option, type Command } from 'commander';
import {
  mergeLogin,
  parseKubeconfig,
  renderKubeconfigDoc,
  trustFor,
  type ClusterTrust,
} from './login-kubeconfig.js';

export interface LoginFlags {
  server: string;
  username: string;
  passwordStdin?: boolean;
  kubeconfig?: string;
  certificateAuthority?: string;
  context?: string;
  insecureSkipTlsVerify?: boolean;
}

interface LoginAnswer {
  readonly token: string;
  readonly expirationTimestamp: string;
}

/** --kubeconfig, else the first $KUBECONFIG entry, else ~/.kube/config. */
function targetKubeconfig(flag: string | undefined): string {
  if (flag) return flag;
  const first = (process.env.KUBECONFIG ?? '').split(delimiter).find((p) => p !== '');
  return first ?? join(homedir(), '.kube', 'config');
}

async function readDoc(path: string): Promise<Record<string, unknown>> {
  if (!existsSync(path)) return {};
  try {
    return parseKubeconfig(await readFile(path, 'utf8'));
  } catch (err) {
    throw new Error(`kubeconfig ${path} ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The CA to trust: --certificate-authority, else what a kubeconfig already trusts for the server. */
async function resolveTrust(flags: LoginFlags, target: string): Promise<ClusterTrust> {
  if (flags.certificateAuthority) {
    const pem = await readFile(flags.certificateAuthority, 'utf8').catch(() => {
      throw new Error(`cannot read --certificate-authority ${flags.certificateAuthority ?? ''}`);
    });
    if (!pem.includes('-----BEGIN CERTIFICATE-----'))
      throw new Error(`${flags.certificateAuthority} is not a PEM certificate`);
    return { caData: pem };
  }
  const candidates = [
    target,
    ...(process.env.KUBECONFIG ?? '').split(delimiter).filter((p) => p !== ''),
    join(homedir(), '.kube', 'config'),
  ];
  for (const path of [...new Set(candidates)]) {
    const trust = trustFor(await readDoc(path).catch(() => ({})), flags.server);
    if (!trust) continue;
    if (trust.caData !== undefined || trust.insecure) return trust;
    if (trust.caFile) return { caData: await readFile(trust.caFile, 'utf8') };
  }
  return {};
}

function explainNetwork(err: NodeJS.ErrnoException, server: string): string {
  const tls = /certificate|self[- ]signed|unable to verify/i.test(err.message);
  const hint = tls ? ' (pass the server CA with --certificate-authority)' : '';
  return `cannot reach ${server}: ${err.message}${hint}`;
}

function failureOf(status: number, text: string): string {
  let message = '';
  try {
    const body = JSON.parse(text) as { message?: unknown };
    if (typeof body.message === 'string') message = body.message;
  } catch {
    message = '';
  }
  if (status === 401) return 'login failed: invalid username or password';
  return `login failed: ${message !== '' ? message : `the server answered HTTP ${status}`}`;
}

function postLogin(flags: LoginFlags, password: string, trust: ClusterTrust): Promise<LoginAnswer> {
  const url = new URL('/login', flags.server);
  const payload = JSON.stringify({ username: flags.username, password });
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(payload),
          Accept: 'application/json',
        },
        ...(trust.caData !== undefined ? { ca: trust.caData } : {}),
        rejectUnauthorized: !(flags.insecureSkipTlsVerify ?? trust.insecure ?? false),
        timeout: 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const code = res.statusCode ?? 0;
          if (code !== 200 && code !== 201) {
            reject(new Error(failureOf(code, text)));
            return;
          }
          try {
            const body = JSON.parse(text) as { status?: { token?: unknown; expirationTimestamp?: unknown } };
            const token = body.status?.token;
            if (typeof token !== 'string' || token === '') throw new Error('no token');
            const expires = body.status?.expirationTimestamp;
            resolve({ token, expirationTimestamp: typeof expires === 'string' ? expires : '' });
          } catch {
            reject(new Error(`login failed: ${flags.server} did not answer with a token`));
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (err: NodeJS.ErrnoException) => {
      reject(new Error(explainNetwork(err, flags.server)));
    });
    req.end(payload);
  });
}

async function passwordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  const first = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (first === '') throw new Error('no password on stdin');
  return first;
}

/** Prompt on the terminal without echo. */
function promptPassword(): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY)
    return Promise.reject(new Error('no terminal to ask for the password: use --password-stdin'));
  process.stderr.write('Password: ');
  stdin.setRawMode(true);
  stdin.resume();
  let typed = '';
  return new Promise((resolve, reject) => {
    const done = (err?: Error): void => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(typed);
    };
    const onData = (data: Buffer): void => {
      for (const ch of data.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          done(typed === '' ? new Error('no password given') : undefined);
          return;
        }
        if (ch === '\u0003' || ch === '\u0004') {
          done(new Error('interrupted'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') typed = Array.from(typed).slice(0, -1).join('');
        else typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path) || '.', { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text, { mode: 0o600 });
  await rename(tmp, path);
}

export interface LoginIO {
  /** the password (default: --password-stdin's first line, else a terminal prompt) */
  readonly readPassword?: () => Promise<string>;
  /** where the success line goes (default stdout) */
  readonly write?: (line: string) => void;
}

/** Log in and write the kubeconfig; throws an Error with a one-line message on failure. */
export async function login(flags: LoginFlags, io: LoginIO = {}): Promise<void> {
  let server: URL;
  try {
    server = new URL(flags.server);
  } catch {
    throw new Error(`--server "${flags.server}" is not a URL like https://127.0.0.1:6443`);
  }
  if (server.protocol !== 'https:')
    throw new Error('--server must be an https:// URL (kubectl sends tokens only over TLS)');
  const target = targetKubeconfig(flags.kubeconfig);
  const doc = await readDoc(target);
  const trust = await resolveTrust(flags, target);
  const read = io.readPassword ?? (flags.passwordStdin ? passwordFromStdin : promptPassword);
  const password = await read();
  const answer = await postLogin(flags, password, trust);
  const context = mergeLogin(doc, {
    server: flags.server,
    username: flags.username,
    token: answer.token,
    ...(trust.caData !== undefined ? { caPem: trust.caData } : {}),
    ...(flags.insecureSkipTlsVerify || trust.insecure ? { insecure: true } : {}),
    ...(flags.context ? { context: flags.context } : {}),
  });
  await writeAtomically(target, renderKubeconfigDoc(doc));
  const until = answer.expirationTimestamp ? ` until ${answer.expirationTimestamp}` : '';
  const write = io.write ?? ((line: string): void => void process.stdout.write(line));
  write(`Logged in to ${flags.server} as ${flags.username}${until}; context "${context}" in ${target}\n`);
}

export function registerLogin(program: Command): void {
  program
    .command('login')
    .description('log in as a service account with its password and write a kubeconfig context')
    .addOption(
      new Option('--server <url>', 'API server URL, e.g. https://127.0.0.1:6443')
        .env('ORGPLANE_SERVER')
        .makeOptionMandatory(),
    )
    .addOption(
      new Option('--username <name>', 'service account name').env('ORGPLANE_USERNAME').makeOptionMandatory(),
    )
    .option('--password-stdin', 'read the password from the first line of stdin')
    .option('--kubeconfig <file>', 'kubeconfig to write (default: $KUBECONFIG or ~/.kube/config)')
    .option('--certificate-authority <file>', "the server's CA certificate (PEM)")
    .option('--context <name>', 'name of the context to write (default: <username>@<cluster>)')
    .option('--insecure-skip-tls-verify', "do not verify the server's certificate (testing only)")
    .action(async (flags: LoginFlags) => {
      await login(flags);
    });
}
