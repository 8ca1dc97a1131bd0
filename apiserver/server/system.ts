/** Unauthenticated /version (kube serves it to everyone; health endpoints are in health.ts). */
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

export function mountSystem(app: Express): void {
  app.get('/version', (_req, resp) => {
    resp.json(VERSION_INFO);
  });
}
