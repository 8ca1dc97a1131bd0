/**
 * The authorization.k8s.io reviews: SelfSubjectAccessReview (kubectl auth can-i),
 * SubjectAccessReview (an admin asking for someone else) and SelfSubjectRulesReview
 * (kubectl auth can-i --list). Answered, never stored.
 */
import { isObject, objectOr } from '../../api/json.js';
import type { KubeObject } from '../../api/meta.js';
import type { UserInfo } from '../../api/user.js';
import type { Authorizer, AuthzAttributes } from '../authz/types.js';
import { badRequest } from '../errors/status.js';
import { sendJson } from '../http/respond.js';
import type { HandlerContext } from './context.js';
import { readObject } from './decode.js';
import { sendReview } from './review-answer.js';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function attributesOf(spec: Record<string, unknown>, user: UserInfo): AuthzAttributes {
  const ra = isObject(spec.resourceAttributes) ? spec.resourceAttributes : undefined;
  const nra = isObject(spec.nonResourceAttributes) ? spec.nonResourceAttributes : undefined;
  if (ra) {
    return {
      user,
      verb: str(ra.verb),
      resourceRequest: true,
      group: str(ra.group),
      version: str(ra.version),
      resource: str(ra.resource),
      subresource: str(ra.subresource),
      namespace: str(ra.namespace),
      name: str(ra.name),
      path: '',
    };
  }
  if (nra) {
    const base = { group: '', version: '', resource: '', subresource: '', namespace: '', name: '' };
    return { user, verb: str(nra.verb), resourceRequest: false, path: str(nra.path), ...base };
  }
  throw badRequest(
    'spec: Invalid value: exactly one of nonResourceAttributes or resourceAttributes must be specified',
  );
}

async function review(
  ctx: HandlerContext,
  obj: KubeObject,
  user: UserInfo,
  authz: Authorizer,
): Promise<void> {
  const spec = objectOr(obj.spec);
  const r = await authz.authorize(attributesOf(spec, user));
  const status = {
    allowed: r.decision === 'allow',
    ...(r.decision === 'deny' ? { denied: true } : {}),
    ...(r.reason ? { reason: r.reason } : {}),
  };
  sendReview(ctx, obj, spec, status);
}

export function selfSubjectAccessReview(authz: Authorizer) {
  return async (ctx: HandlerContext): Promise<void> => {
    await review(ctx, await readObject(ctx), ctx.user, authz);
  };
}

export function subjectAccessReview(authz: Authorizer) {
  return async (ctx: HandlerContext): Promise<void> => {
    const obj = await readObject(ctx);
    const spec = objectOr(obj.spec);
    const groups = Array.isArray(spec.groups)
      ? spec.groups.filter((g): g is string => typeof g === 'string')
      : [];
    const subject: UserInfo = {
      username: str(spec.user),
      ...(spec.uid ? { uid: str(spec.uid) } : {}),
      groups,
    };
    if (subject.username === '' && groups.length === 0)
      throw badRequest('spec.user: Invalid value: "": at least one of user or group must be specified');
    await review(ctx, obj, subject, authz);
  };
}

export function selfSubjectRulesReview(authz: Authorizer) {
  return async (ctx: HandlerContext): Promise<void> => {
    const obj = await readObject(ctx);
    const spec = objectOr(obj.spec);
    const ns = str(spec.namespace);
    const rules = await authz.rulesFor(ctx.user, ns);
    sendJson(ctx.resp, 201, {
      apiVersion: obj.apiVersion,
      kind: obj.kind,
      metadata: { creationTimestamp: null },
      spec,
      status: { ...rules },
    });
  };
}
