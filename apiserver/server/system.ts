/** Unauthenticated /version (kube serves it to everyone; health endpoints are in health.ts). */
import type { Router } from 'express';
import { versionInfo } from './version.js';

export function mountSystem(app: Router): void {
  const version = versionInfo();
  app.get('/version', (_req, resp) => {
    resp.json(version);
  });
}
