/**
 * authentication.k8s.io/v1 SelfSubjectReview (`kubectl auth whoami`): answered 201 with the
 * caller's username, uid, groups and extra as authentication (and impersonation) established
 * them; never stored. Nothing of the request body but its kind is read.
 */
import { sendJson } from '../http/respond.js';
import type { HandlerContext } from '../handlers/context.js';
import { readObject } from '../handlers/decode.js';

export const SELF_SUBJECT_REVIEW_KEY = 'authentication.k8s.io/selfsubjectreviews';

export async function selfSubjectReview(ctx: HandlerContext): Promise<void> {
  await readObject(ctx);
  const { username, uid, groups, extra } = ctx.user;
  sendJson(ctx.resp, 201, {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'SelfSubjectReview',
    metadata: { creationTimestamp: null },
    status: {
      userInfo: {
        username,
        ...(uid !== undefined && uid !== '' ? { uid } : {}),
        ...(groups.length > 0 ? { groups: [...groups] } : {}),
        ...(extra && Object.keys(extra).length > 0 ? { extra } : {}),
      },
    },
  });
}
