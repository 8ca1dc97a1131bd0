/**
 * One keep-alive HTTPS agent for a client-node RequestContext's requests: client-node builds a fresh
 * agent (so a new TLS connection) for every request. The agent is replaced when the credentials
 * (CA, client certificate, key) change; the old one's sockets close when idle.
 */
import { Agent as HttpsAgent } from 'node:https';
import type { RequestContext } from '@kubernetes/client-node';

/** CA/cert/key options compared by content (client-node reads them afresh for every request). */
function sameCredential(a: unknown, b: unknown): boolean {
  const text = (v: unknown): string =>
    v === undefined || v === null ? '' : Buffer.isBuffer(v) ? v.toString('base64') : JSON.stringify(v);
  return text(a) === text(b);
}

export class KeepAliveAgent {
  private agent: { readonly from: HttpsAgent['options']; readonly agent: HttpsAgent } | undefined;

  /** Puts the shared agent on ctx in place of the fresh one client-node set. */
  reuse(ctx: RequestContext): void {
    const fresh = ctx.getAgent();
    if (!(fresh instanceof HttpsAgent)) return;
    const o = fresh.options;
    const cached = this.agent;
    if (
      cached &&
      sameCredential(cached.from.ca, o.ca) &&
      sameCredential(cached.from.cert, o.cert) &&
      sameCredential(cached.from.key, o.key)
    ) {
      ctx.setAgent(cached.agent);
      return;
    }
    const agent = new HttpsAgent({ ...o, keepAlive: true });
    this.agent = { from: o, agent };
    ctx.setAgent(agent);
  }

  /** Closes the idle connections (call when done with the client). */
  close(): void {
    this.agent?.agent.destroy();
    this.agent = undefined;
  }
}
