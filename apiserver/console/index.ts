/**
 * The web console's server side: its static assets (assets.ts), its session (session.ts) and the
 * /console/api/ proxy (proxy.ts). `rewrite` goes first in the app (before observe, so a proxied
 * request is observed, authenticated and audited as the API request it becomes); `mount` goes
 * with the public routes, before authentication.
 */
import type { Router, RequestHandler } from 'express';
import { mountAssets } from './assets.js';
import { mountProxyRefusals, consoleRewrite } from './proxy.js';
import { mountSession, type SessionDeps } from './session.js';

export { defaultConsoleDir } from './assets.js';

export interface ConsoleRoutes {
  readonly rewrite: RequestHandler;
  mount(app: Router): void;
}

export interface ConsoleDeps extends SessionDeps {
  /** the built console (dist/console) */
  readonly dir: string;
}

export function consoleRoutes(deps: ConsoleDeps): ConsoleRoutes {
  return {
    rewrite: consoleRewrite(),
    mount: (app) => {
      mountSession(app, deps);
      mountProxyRefusals(app);
      mountAssets(app, deps.dir);
    },
  };
}
