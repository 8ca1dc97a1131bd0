/** Unauthenticated system endpoints: /version, /healthz, /livez, /readyz (kube serves these to everyone). */
import type { Express } from 'express';
import { versionInfo } from './version.js';

export type HealthCheck = () => Promise<boolean>;

export function mountSystem(app: Express, checks: { live: HealthCheck; ready: HealthCheck }): void {
  const version = versionInfo();
  app.get('/version', (_req, resp) => {
    resp.json(version);
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
