/** Unauthenticated /version (kube serves it to everyone; health endpoints are in health.ts). */
import type { Express } from 'express';
import { versionInfo } from './version.js';

export function mountSystem(app: Express): void {
  const version = versionInfo();
  app.get('/version', (_req, resp) => {
    resp.json(version);
  });
}
