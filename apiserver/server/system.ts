/** Unauthenticated system endpoints: /version, /healthz, /livez, /readyz (kube serves these to everyone). */
import type { Express } from 'express';

export const VERSION_INFO = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-orgplane',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-11-22T00:00:00Z',
  goVersion: `node${process.versions.node}`,
  compiler: 'tsc',
  platform: `${process.platform}/${process.arch}`,
} as const;

export type HealthCheck = () => Promise<boolean>;

export function mountSystem(app: Express, checks: { live: HealthCheck; ready: HealthCheck }): void {
  app.get('/version', (_req, resp) => {
    resp.json(VERSION_INFO);
  });
  const health = (check: HealthCheck) => async (_req: unknown, resp: import('express').Response) => {
    const ok = await check().catch(() => false);
    resp
      .status(ok ? 200 : 500)
      .type('text/plain')
      .send(ok ? 'ok' : 'healthz check failed');
  };
  for (const p of ['/healthz', '/livez']) app.get([p, `${p}/ping`], health(checks.live));
  app.get(['/readyz', '/readyz/ping'], health(checks.ready));
}
