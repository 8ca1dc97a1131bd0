/** The answer of every create-only review kind: the request's type and spec with its status, 201. */
import type { KubeObject } from '../../api/meta.js';
import { sendJson } from '../http/respond.js';
import type { HandlerContext } from './context.js';

export function sendReview(ctx: HandlerContext, obj: KubeObject, spec: unknown, status: unknown): void {
  sendJson(ctx.resp, 201, {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    metadata: { creationTimestamp: null },
    spec,
    status,
  });
}
