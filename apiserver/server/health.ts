/**
 * /livez, /readyz and /healthz as kube-apiserver serves them: named checks, `?verbose` for one line
 * per check (`[+]name ok`, `[-]name failed: reason`), `?exclude=name` to skip one, and
 * `/readyz/<name>` for a single check. A passing endpoint answers `ok` (200). A failing /livez or
 * /healthz answers 500; a failing /readyz answers 503, so load balancers take the server out.
 */
import type { Router, Request, Response } from 'express';

/** Resolves undefined when healthy; rejects, or resolves the reason, when not. */
export type Check = () => Promise<string | undefined>;

export interface HealthChecks {
  /** checks of /livez (and /healthz) */
  readonly live: ReadonlyMap<string, Check>;
  /** checks of /readyz: the live ones and more (caches synced, not shutting down) */
  readonly ready: ReadonlyMap<string, Check>;
}

const CHECK_TIMEOUT_MS = 5000;

async function run(check: Check): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => {
      resolve(`timed out after ${String(CHECK_TIMEOUT_MS)}ms`);
    }, CHECK_TIMEOUT_MS);
  });
  try {
    const r = await Promise.race([check(), timeout]);
    return typeof r === 'string' ? r : undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    clearTimeout(timer);
  }
}

const excluded = (req: Request): Set<string> => {
  const v = req.query.exclude;
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return new Set(list.filter((x): x is string => typeof x === 'string'));
};

async function answer(
  req: Request,
  resp: Response,
  endpoint: string,
  checks: ReadonlyMap<string, Check>,
  failCode: number,
): Promise<void> {
  const skip = excluded(req);
  const verbose = req.query.verbose !== undefined;
  const lines: string[] = [];
  let failed = false;
  for (const [name, check] of checks) {
    if (skip.has(name)) {
      lines.push(`[+]${name} excluded: ok`);
      continue;
    }
    const reason = await run(check);
    if (reason === undefined) lines.push(`[+]${name} ok`);
    else {
      // as kube: the reason only in the verbose form (it may name internal addresses)
      failed = true;
      lines.push(`[-]${name} failed: ${verbose ? reason : 'reason withheld'}`);
    }
  }
  resp.type('text/plain').setHeader('Cache-Control', 'no-cache, private');
  resp.setHeader('X-Content-Type-Options', 'nosniff');
  if (!failed && !verbose) {
    resp.status(200).send('ok');
    return;
  }
  const verdict = failed ? `${endpoint} check failed` : `${endpoint} check passed`;
  resp.status(failed ? failCode : 200).send(`${lines.join('\n')}\n${verdict}\n`);
}

async function single(
  resp: Response,
  name: string,
  check: Check | undefined,
  failCode: number,
): Promise<void> {
  resp.type('text/plain').setHeader('Cache-Control', 'no-cache, private');
  if (!check) {
    resp.status(404).send(`no such health check: ${name}\n`);
    return;
  }
  const reason = await run(check);
  if (reason === undefined) resp.status(200).send('ok');
  else resp.status(failCode).send(`[-]${name} failed: ${reason}\n`);
}

export function mountHealth(app: Router, checks: HealthChecks): void {
  const routes: [string, ReadonlyMap<string, Check>, number][] = [
    ['healthz', checks.live, 500],
    ['livez', checks.live, 500],
    ['readyz', checks.ready, 503],
  ];
  for (const [endpoint, set, failCode] of routes) {
    app.get(`/${endpoint}`, async (req, resp) => {
      await answer(req, resp, endpoint, set, failCode);
    });
    app.get(`/${endpoint}/:check`, async (req, resp) => {
      const name = req.params.check;
      await single(resp, name, set.get(name), failCode);
    });
  }
}
