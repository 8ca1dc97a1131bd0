/**
 * Graceful shutdown in kube-apiserver's order: /readyz fails at once (load balancers stop sending),
 * new connections are still accepted for `delayMs` (requests already routed here succeed), then
 * the listener closes; long-running requests (watches) are ended cleanly so clients resume on
 * another server from their last resourceVersion; other in-flight requests finish (up to
 * `timeoutMs`), and only then are the remaining connections closed. During shutdown every
 * response carries `Connection: close`, so keep-alive clients reconnect elsewhere.
 */
import { setMaxListeners } from 'node:events';
import type { Server } from 'node:https';
import type { NextFunction, Request, Response } from 'express';

export interface ShutdownOptions {
  /** how long to keep serving after /readyz turned unready (kube's --shutdown-delay-duration) */
  readonly delayMs: number;
  /** how long in-flight requests may take to finish before connections are closed */
  readonly timeoutMs: number;
}

export class GracefulShutdown {
  private readonly abort = new AbortController();
  private inFlight = 0;
  private idle: (() => void) | undefined;
  private draining = false;

  constructor() {
    // every open watch listens for the abort: thousands of listeners are expected, not a leak
    setMaxListeners(0, this.abort.signal);
  }

  /** Aborted when long-running requests must end (watch handlers listen to it). */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** True from the moment shutdown began: /readyz reports it. */
  get shuttingDown(): boolean {
    return this.draining;
  }

  /** Counts requests in flight and marks responses during shutdown with Connection: close. */
  middleware() {
    return (_req: Request, resp: Response, next: NextFunction): void => {
      if (this.draining) resp.setHeader('Connection', 'close');
      this.inFlight++;
      let counted = true;
      const done = (): void => {
        if (!counted) return;
        counted = false;
        this.inFlight--;
        if (this.inFlight === 0) this.idle?.();
      };
      resp.once('finish', done);
      resp.once('close', done);
      next();
    };
  }

  /** Run the shutdown sequence on `server`; resolves when it has stopped serving. */
  async run(server: Server, opts: ShutdownOptions): Promise<void> {
    this.draining = true;
    if (opts.delayMs > 0) await sleep(opts.delayMs);
    const closed = new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
    server.closeIdleConnections();
    this.abort.abort();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, opts.timeoutMs);
    });
    await Promise.race([this.drained(), timedOut]);
    clearTimeout(timer);
    server.closeAllConnections();
    await closed;
  }

  private drained(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.idle = resolve;
    });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
